/**
 * `/staff/cases/:id`: the case page, for signed-in staff only. Opening it marks the staff
 * member's notifications about the case read, however it was reached.
 */
import { useMarkCaseRead } from '../notifications/hooks.ts';
import { RequireStaff } from '../session/RequireStaff.tsx';
import { useSession } from '../session/hooks.ts';
import { CasePage } from './CasePage.tsx';

function StaffCase({ id }: { id: string }) {
  const session = useSession();
  useMarkCaseRead(session.data?.user.id ?? null, id);
  return <CasePage id={id} />;
}

export function StaffCasePage({ id }: { id: string }) {
  return (
    <RequireStaff>
      <StaffCase id={id} />
    </RequireStaff>
  );
}
