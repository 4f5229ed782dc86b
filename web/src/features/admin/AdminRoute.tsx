/** `/staff/admin[/<section>]` for signed-in staff; the page itself tells non-admins they may not use it. */
import { RequireStaff } from '../session/RequireStaff.tsx';
import { AdminPage } from './AdminPage.tsx';

export function AdminRoute({ section }: { section?: string }) {
  return (
    <RequireStaff>
      <AdminPage section={section} />
    </RequireStaff>
  );
}
