import { Notification } from 'react-admin';

/**
 * Toasts at the top right, under the app bar: forms and action panels are on the left and at the bottom of
 * the page (the save bar), so a message never covers what the user is filling in.
 */
export const AppNotification = () => (
  <Notification anchorOrigin={{ vertical: 'top', horizontal: 'right' }} sx={{ top: { xs: 56, sm: 60 }, maxWidth: 440 }} multiLine />
);
