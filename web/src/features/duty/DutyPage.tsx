/**
 * `/staff/duty`: the duty roster (值班表) of an area (`?area=<code>`, the user's own area
 * by default) — who is on duty now, and a week (`?week=<date>`) of shifts and gaps in the
 * city's time zone. Dispatchers, grid staff, supervisors and admins read it; grid leaders
 * and admins plan the areas in their scope.
 */
import { useTranslation } from 'react-i18next';
import { useLocation, useSearch } from 'wouter';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { useAreaName } from '../admin/AreaTree.tsx';
import { useArea } from '../admin/hooks.ts';
import { useSession } from '../session/hooks.ts';
import { AreaChooser } from './AreaChooser.tsx';
import { useTimeZone } from './hooks.ts';
import { OnDutyNow } from './OnDutyNow.tsx';
import {
  addDays,
  isLocalDate,
  localParts,
  mondayOf,
  plansArea,
  readsRoster,
  rosterAreas,
  weekOf,
} from './roster.ts';
import { WeekRoster } from './WeekRoster.tsx';
import '../admin/admin.css';
import '../admin/i18n/register.ts';
import './duty.css';
import './i18n/register.ts';

export function DutyPage() {
  const { t } = useTranslation();
  const name = useAreaName();
  const session = useSession();
  const search = useSearch();
  const [, navigate] = useLocation();
  const params = new URLSearchParams(search);
  const roots = rosterAreas(session.data);
  const areaCode = params.get('area') || roots[0]?.code || null;
  const weekParam = params.get('week');
  const timeZone = useTimeZone();
  const area = useArea(readsRoster(session.data) ? areaCode : null);

  const go = (next: { area?: string; week?: string | null }) => {
    const query = new URLSearchParams();
    const chosenArea = next.area ?? areaCode;
    if (chosenArea) query.set('area', chosenArea);
    const chosenWeek = next.week === undefined ? weekParam : next.week;
    if (chosenWeek) query.set('week', chosenWeek);
    navigate(`/staff/duty?${query.toString()}`, { replace: true });
  };

  const heading = <PageHeading title={t('duty.title')}>{t('duty.lead')}</PageHeading>;
  if (!readsRoster(session.data) || !areaCode)
    return (
      <>
        {heading}
        <p className="notice notice-info">{t('duty.notAllowed')}</p>
      </>
    );
  if (timeZone.isPending || area.isPending)
    return (
      <>
        {heading}
        <Loading block label={t('common.loading')} />
      </>
    );
  if (timeZone.isError || area.isError) {
    const error = timeZone.error ?? area.error;
    return (
      <>
        {heading}
        <ErrorNotice
          error={error}
          onRetry={() => void (timeZone.isError ? timeZone.refetch() : area.refetch())}
        />
        {area.isError && roots[0] && roots[0].code !== areaCode ? (
          <button
            type="button"
            className="btn btn-secondary"
            onClick={() => go({ area: roots[0]?.code })}
          >
            {t('duty.area.backToOwn')}
          </button>
        ) : null}
      </>
    );
  }

  const zone = timeZone.data;
  const chosen = area.data;
  const today = localParts(Date.now(), zone).date;
  const monday = mondayOf(weekParam && isLocalDate(weekParam) ? weekParam : today);
  const week = weekOf(monday, zone);
  const lineage = [...chosen.ancestors, chosen];
  const areaName = (ref: { id: string; code: string }) => {
    const found = lineage.find((a) => a.id === ref.id);
    return found ? name(found) : ref.code;
  };

  return (
    <div className="duty-page">
      {heading}
      <AreaChooser area={chosen} roots={roots} onSelect={(code) => go({ area: code })} />
      <OnDutyNow area={chosen} timeZone={zone} areaName={areaName} />
      <WeekRoster
        key={chosen.id}
        area={chosen}
        week={week}
        today={today}
        timeZone={zone}
        canPlan={plansArea(
          session.data,
          lineage.map((a) => a.id),
        )}
        areaName={areaName}
        onWeek={(n) => go({ week: n === 0 ? null : addDays(monday, 7 * n) })}
      />
    </div>
  );
}
