/** react-query keys of the alert preferences screen. */
export const ALERT_PREFERENCES_KEY = ['me', 'alert-preferences'];
export const ALERT_DELIVERIES_KEY = ['me', 'alert-deliveries'];
