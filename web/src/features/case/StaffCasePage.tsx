/** `/staff/cases/:id`: the case page, for signed-in staff only. */
import { RequireStaff } from '../session/RequireStaff.tsx';
import { CasePage } from './CasePage.tsx';

export function StaffCasePage({ id }: { id: string }) {
  return (
    <RequireStaff>
      <CasePage id={id} />
    </RequireStaff>
  );
}
