/**
 * The dashboard's departments ranked within the caller's scope and period
 * (`/stats/departments`): a bar chart of the chosen measure with its table as the text
 * alternative, and an empty state when no case was dispatched in the scope.
 */
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EChartsOption } from 'echarts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Loading } from '../../components/Loading.tsx';
import type { DepartmentRanking, DepartmentRow, Period } from './api.ts';
import { Chart } from './Chart.tsx';
import { ChartTable } from './ChartTable.tsx';
import { DEPARTMENT_RANKINGS, useDepartments } from './hooks.ts';

const BLUE = '#1f5f94';
/** Bars drawn at most; the table lists every department. */
const MAX_BARS = 15;

/** The measure a ranking is by: a rate (shown in %) or a count. */
function measureOf(row: DepartmentRow, by: DepartmentRanking): number | null {
  if (by === 'assigned' || by === 'overdueOpen') return row[by];
  return row[by].rate;
}

export interface DepartmentRankingProps {
  period: Period;
  format: {
    integer: (n: number) => string;
    percent: (r: number | null) => string;
  };
}

export function DepartmentRanking({ period, format }: DepartmentRankingProps) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language.startsWith('zh');
  const [rankBy, setRankBy] = useState<DepartmentRanking>('onTimeRate');
  const departments = useDepartments(period, rankBy);
  const selectId = useId();
  const descId = useId();
  const isRate = rankBy !== 'assigned' && rankBy !== 'overdueOpen';

  const rows = useMemo(
    () =>
      (departments.data?.departments ?? []).map((row) => ({
        ...row,
        name:
          (zh ? row.department.nameZh : row.department.nameEn) ??
          row.department.code ??
          row.department.id,
      })),
    [departments.data, zh],
  );
  const bars = useMemo(
    () => rows.filter((r) => r.rank !== null && measureOf(r, rankBy) !== null).slice(0, MAX_BARS),
    [rows, rankBy],
  );

  const option = useMemo<EChartsOption>(
    () => ({
      animation: false,
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      tooltip: {},
      xAxis: isRate
        ? { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } }
        : { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        inverse: true,
        data: bars.map((r) => `${r.rank}. ${r.name}`),
      },
      series: [
        {
          type: 'bar',
          color: BLUE,
          data: bars.map((r) => {
            const value = measureOf(r, rankBy) ?? 0;
            return isRate ? Math.round(value * 1000) / 10 : value;
          }),
          label: { show: true, position: 'right', formatter: isRate ? '{c} %' : '{c}' },
        },
      ],
    }),
    [bars, rankBy, isRate],
  );

  const measureLabel = t(`dashboard.departments.by.${rankBy}`);
  const rate = (r: DepartmentRow['onTimeRate']) =>
    r.rate === null
      ? '—'
      : `${format.percent(r.rate)} (${t('dashboard.ofTotal', {
          numerator: format.integer(r.numerator),
          denominator: format.integer(r.denominator),
        })})`;

  return (
    <section
      aria-labelledby="departments-title"
      className="card dashboard-section"
      data-testid="departments"
    >
      <h2 id="departments-title" className="h3">
        {t('dashboard.departments.title')}
      </h2>
      <div className="field">
        <label htmlFor={selectId}>{t('dashboard.departments.rankBy')}</label>
        <select
          id={selectId}
          value={rankBy}
          onChange={(e) => setRankBy(e.target.value as DepartmentRanking)}
        >
          {DEPARTMENT_RANKINGS.map((by) => (
            <option key={by} value={by}>
              {t(`dashboard.departments.by.${by}`)}
            </option>
          ))}
        </select>
      </div>
      {departments.isError ? (
        <ErrorNotice error={departments.error} onRetry={() => void departments.refetch()} />
      ) : departments.isPending ? (
        <Loading label={t('common.loading')} />
      ) : rows.length === 0 ? (
        <p className="muted" data-testid="departments-empty">
          {t('dashboard.departments.empty')}
        </p>
      ) : (
        <>
          <p id={descId} className="small muted">
            {t('dashboard.departments.desc', {
              measure: measureLabel,
              count: rows.length,
              ranked: bars.length,
            })}
          </p>
          {bars.length > 0 ? (
            <Chart
              option={option}
              describedBy={descId}
              height={Math.max(120, bars.length * 30)}
              testId="departments-chart"
            />
          ) : null}
          <ChartTable
            toggle={t('dashboard.showTable')}
            caption={t('dashboard.departments.title')}
            columns={[
              t('dashboard.departments.department'),
              t('dashboard.departments.rank'),
              t('dashboard.departments.by.assigned'),
              t('dashboard.departments.by.onTimeRate'),
              t('dashboard.departments.by.closureRate'),
              t('dashboard.departments.by.reworkRate'),
              t('dashboard.departments.by.satisfactionRate'),
              t('dashboard.open'),
              t('dashboard.departments.by.overdueOpen'),
            ]}
            rows={rows.map((r) => ({
              key: r.department.id,
              heading: r.name,
              cells: [
                r.rank === null ? '—' : format.integer(r.rank),
                format.integer(r.assigned),
                rate(r.onTimeRate),
                rate(r.closureRate),
                rate(r.reworkRate),
                rate(r.satisfactionRate),
                format.integer(r.open),
                format.integer(r.overdueOpen),
              ],
            }))}
          />
        </>
      )}
    </section>
  );
}
