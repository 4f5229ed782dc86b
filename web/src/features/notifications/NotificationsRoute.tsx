/** `/staff/notifications` for signed-in staff. */
import { RequireStaff } from '../session/RequireStaff.tsx';
import { NotificationsPage } from './NotificationsPage.tsx';

export function NotificationsRoute() {
  return (
    <RequireStaff>
      <NotificationsPage />
    </RequireStaff>
  );
}
