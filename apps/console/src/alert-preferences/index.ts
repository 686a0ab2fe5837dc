export { AlertPreferencesPage } from './AlertPreferencesPage';
