/** `/staff/duty` for signed-in staff; the page itself tells those without a roster role. */
import { RequireStaff } from '../session/RequireStaff.tsx';
import { DutyPage } from './DutyPage.tsx';

export function DutyRoute() {
  return (
    <RequireStaff>
      <DutyPage />
    </RequireStaff>
  );
}
