/** `/staff/map` for signed-in staff only. */
import { RequireStaff } from '../session/RequireStaff.tsx';
import { MapPage } from './MapPage.tsx';

export function MapViewRoute() {
  return (
    <RequireStaff>
      <MapPage />
    </RequireStaff>
  );
}
