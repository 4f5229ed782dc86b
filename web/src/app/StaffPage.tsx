/** `/staff`: the work queue, for signed-in staff only. */
import { QueuePage } from '../features/queue/QueuePage.tsx';
import { RequireStaff } from '../features/session/RequireStaff.tsx';

export function StaffPage() {
  return (
    <RequireStaff>
      <QueuePage />
    </RequireStaff>
  );
}
