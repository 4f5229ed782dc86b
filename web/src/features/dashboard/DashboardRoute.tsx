/** `/staff/dashboard` for signed-in staff only. */
import { RequireStaff } from '../session/RequireStaff.tsx';
import { DashboardPage } from './DashboardPage.tsx';

export function DashboardRoute() {
  return (
    <RequireStaff>
      <DashboardPage />
    </RequireStaff>
  );
}
