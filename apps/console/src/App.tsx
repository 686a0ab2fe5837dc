import { lazy, Suspense } from 'react';
import { Admin, CustomRoutes, Loading, Resource, localStorageStore } from 'react-admin';
import { Route } from 'react-router-dom';
import { authProvider } from './authProvider';
import { dataProvider } from './dataProvider';
import { i18nProvider } from './i18n/i18nProvider';
import { theme } from './theme';
import { Layout } from './layout/Layout';
import { LoginPage } from './layout/LoginPage';
import { HomeRedirect } from './layout/HomeRedirect';
import { AppNotification } from './layout/AppNotification';
import queues from './queues';
import cases from './cases';
import reports from './reports';
import terminals from './terminals';
import notifications from './notifications';
import alerts from './alerts';
import users from './users';
import teams from './teams';
import banks from './banks';
import slaPolicies from './sla-policies';
import calendars from './calendars';
import apiKeys from './api-keys';
import watchlist from './watchlist';
import { MyWork } from './my-work/MyWork';
import { AwaitingReviewPage } from './my-work/AwaitingReviewPage';
import { AuditPage } from './audit/AuditPage';
import { AccountPage } from './account/AccountPage';
import { AlertPreferencesPage } from './alert-preferences';
import { ImportPage } from './imports/ImportPage';

// The dashboard carries recharts: loaded on demand, in its own chunk.
const Dashboard = lazy(() => import('./dashboard/Dashboard'));

export const App = () => (
  <Admin
    title="Sentinel SN"
    disableTelemetry
    requireAuth
    dataProvider={dataProvider}
    authProvider={authProvider}
    i18nProvider={i18nProvider}
    theme={theme}
    layout={Layout}
    loginPage={LoginPage}
    notification={AppNotification}
    dashboard={HomeRedirect}
    store={localStorageStore('1', 'SentinelSN')}
  >
    <Resource name="queues" {...queues} />
    <Resource name="cases" {...cases} />
    <Resource name="reports" {...reports} />
    <Resource name="terminals" {...terminals} />
    <Resource name="notifications" {...notifications} />
    <Resource name="alerts" {...alerts} />
    <Resource name="users" {...users} />
    <Resource name="teams" {...teams} />
    <Resource name="banks" {...banks} />
    <Resource name="sla-policies" {...slaPolicies} />
    <Resource name="calendars" {...calendars} />
    <Resource name="api-keys" {...apiKeys} />
    <Resource name="watchlist" {...watchlist} />
    <CustomRoutes>
      <Route path="/my-work" element={<MyWork />} />
      <Route path="/awaiting-review" element={<AwaitingReviewPage />} />
      <Route path="/audit" element={<AuditPage />} />
      <Route path="/account" element={<AccountPage />} />
      <Route path="/alert-preferences" element={<AlertPreferencesPage />} />
      <Route path="/imports" element={<ImportPage />} />
      <Route
        path="/dashboard"
        element={
          <Suspense fallback={<Loading />}>
            <Dashboard />
          </Suspense>
        }
      />
    </CustomRoutes>
  </Admin>
);
