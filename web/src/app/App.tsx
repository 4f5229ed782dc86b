/**
 * The app: one query client, the router and the page frame. The resident's report page
 * is part of the first load; other pages load when opened, so a resident on a phone
 * downloads only what reporting needs.
 */
import { lazy, Suspense, useState } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Route, Switch } from 'wouter';
import { Loading } from '../components/Loading.tsx';
import { ReportPage } from '../features/report/ReportPage.tsx';
import { Layout } from './Layout.tsx';
import { createQueryClient } from './query-client.ts';

const TrackPage = lazy(() =>
  import('../features/track/TrackPage.tsx').then((m) => ({ default: m.TrackPage })),
);
const SignInPage = lazy(() =>
  import('../features/session/SignInPage.tsx').then((m) => ({ default: m.SignInPage })),
);
const StaffPage = lazy(() => import('./StaffPage.tsx').then((m) => ({ default: m.StaffPage })));
const StaffCasePage = lazy(() =>
  import('../features/case/StaffCasePage.tsx').then((m) => ({ default: m.StaffCasePage })),
);
const FieldPage = lazy(() =>
  import('../features/field/FieldPage.tsx').then((m) => ({ default: m.FieldPage })),
);
const DashboardPage = lazy(() =>
  import('../features/dashboard/DashboardRoute.tsx').then((m) => ({ default: m.DashboardRoute })),
);
const AdminPage = lazy(() =>
  import('../features/admin/AdminRoute.tsx').then((m) => ({ default: m.AdminRoute })),
);
const DutyPage = lazy(() =>
  import('../features/duty/DutyRoute.tsx').then((m) => ({ default: m.DutyRoute })),
);
const NotificationsPage = lazy(() =>
  import('../features/notifications/NotificationsRoute.tsx').then((m) => ({
    default: m.NotificationsRoute,
  })),
);
const MapPage = lazy(() =>
  import('../features/map-view/MapViewRoute.tsx').then((m) => ({ default: m.MapViewRoute })),
);
const NotFoundPage = lazy(() =>
  import('./NotFoundPage.tsx').then((m) => ({ default: m.NotFoundPage })),
);

function PageLoading() {
  const { t } = useTranslation();
  return <Loading block label={t('common.loading')} />;
}

export function App() {
  const [client] = useState(createQueryClient);
  return (
    <QueryClientProvider client={client}>
      <Layout>
        <Suspense fallback={<PageLoading />}>
          <Switch>
            <Route path="/" component={ReportPage} />
            <Route path="/track">{() => <TrackPage />}</Route>
            <Route path="/track/:code">{(params) => <TrackPage code={params.code} />}</Route>
            <Route path="/signin" component={SignInPage} />
            <Route path="/staff/map" component={MapPage} />
            <Route path="/staff/dashboard" component={DashboardPage} />
            <Route path="/staff/duty" component={DutyPage} />
            <Route path="/staff/notifications" component={NotificationsPage} />
            <Route path="/staff/admin">{() => <AdminPage />}</Route>
            <Route path="/staff/admin/:section">
              {(params) => <AdminPage section={params.section} />}
            </Route>
            <Route path="/staff" component={StaffPage} />
            <Route path="/staff/cases/:id">{(params) => <StaffCasePage id={params.id} />}</Route>
            <Route path="/field" component={FieldPage} />
            <Route component={NotFoundPage} />
          </Switch>
        </Suspense>
      </Layout>
    </QueryClientProvider>
  );
}
