/**
 * `/staff/dashboard`: indicators of the caller's scope for a period — headline figures
 * (each rate with its numerator and denominator), reported/closed per day and cases by
 * category (ECharts, loaded lazily, each with a table), the child areas ranked by open
 * and overdue cases, the overdue cases, and the departments ranked by a chosen measure.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { EChartsOption } from 'echarts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { useDocumentTitle } from '../../app/use-document-title.ts';
import { useCategoryIndex } from '../categories/hooks.ts';
import type { Period, Rate } from './api.ts';
import { Chart } from './Chart.tsx';
import { ChartTable } from './ChartTable.tsx';
import { DepartmentRanking } from './DepartmentRanking.tsx';
import { useChildCounts, useOverdue, useSummary, useTrend } from './hooks.ts';
import { daysOf, lastDays, periodProblems, type PeriodProblem } from './period.ts';

const PRESETS = [7, 30, 90] as const;
const STAGES = ['register', 'dispatch', 'handle', 'verify', 'answer'] as const;
const BLUE = '#1f5f94';
const ORANGE = '#b35806';

function useFormats() {
  const { i18n } = useTranslation();
  return useMemo(() => {
    const lang = i18n.language;
    const integer = new Intl.NumberFormat(lang);
    const percent = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 });
    const hours = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
    const day = new Intl.DateTimeFormat(lang, { month: 'short', day: 'numeric', timeZone: 'UTC' });
    const longDay = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' });
    const dateTime = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
    return {
      integer: (n: number) => integer.format(n),
      percent: (r: number | null) => (r === null ? '—' : percent.format(r)),
      hours: (h: number | null) => (h === null ? '—' : hours.format(h)),
      day: (d: string) => day.format(new Date(`${d}T00:00:00Z`)),
      longDay: (d: string) => longDay.format(new Date(`${d}T00:00:00Z`)),
      dateTime: (iso: string) => dateTime.format(new Date(iso)),
    };
  }, [i18n.language]);
}

function Figure({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <div className="dashboard-figure">
      <dt>{label}</dt>
      <dd>
        <span className="dashboard-figure-value">{value}</span>
        {detail ? <span className="dashboard-figure-detail small muted">{detail}</span> : null}
      </dd>
    </div>
  );
}

function PeriodForm({ period, onChange }: { period: Period; onChange: (p: Period) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(period);
  const [problems, setProblems] = useState<{ from?: PeriodProblem; to?: PeriodProblem }>({});
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = periodProblems(draft);
    setProblems(found);
    if (!found.from && !found.to) onChange(draft);
  };
  const preset = (days: number) => {
    const p = lastDays(days, new Date());
    setDraft(p);
    setProblems({});
    onChange(p);
  };
  return (
    <form
      className="card dashboard-period"
      onSubmit={submit}
      noValidate
      aria-labelledby="period-title"
    >
      <h2 id="period-title" className="h3">
        {t('dashboard.period.title')}
      </h2>
      <div className="button-row" role="group" aria-label={t('dashboard.period.presets')}>
        {PRESETS.map((days) => {
          const p = lastDays(days, new Date());
          const active = p.from === period.from && p.to === period.to;
          return (
            <button
              key={days}
              type="button"
              className="btn btn-secondary"
              aria-pressed={active}
              onClick={() => preset(days)}
            >
              {t('dashboard.period.lastDays', { count: days })}
            </button>
          );
        })}
      </div>
      <div className="dashboard-period-fields">
        {(['from', 'to'] as const).map((name) => (
          <div className="field" key={name}>
            <label htmlFor={`period-${name}`}>{t(`dashboard.period.${name}`)}</label>
            <input
              id={`period-${name}`}
              type="date"
              value={draft[name]}
              aria-invalid={problems[name] ? true : undefined}
              aria-describedby={problems[name] ? `period-${name}-error` : undefined}
              onChange={(e) => setDraft({ ...draft, [name]: e.target.value })}
            />
            {problems[name] ? (
              <p className="field-error" id={`period-${name}-error`}>
                {t(problems[name])}
              </p>
            ) : null}
          </div>
        ))}
        <button type="submit" className="btn btn-primary">
          {t('dashboard.period.apply')}
        </button>
      </div>
    </form>
  );
}

export function DashboardPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('dashboard.title'));
  const f = useFormats();
  const zh = i18n.language.startsWith('zh');
  const [period, setPeriod] = useState<Period>(() => lastDays(30, new Date()));
  const summary = useSummary(period);
  const trend = useTrend(period);
  const overdue = useOverdue();
  const children = useChildCounts(summary.data?.area.id);
  const categories = useCategoryIndex();

  const rateDetail = (r: Rate) =>
    t('dashboard.ofTotal', {
      numerator: f.integer(r.numerator),
      denominator: f.integer(r.denominator),
    });

  const trendRows = useMemo(() => {
    const byDay = new Map((trend.data?.days ?? []).map((d) => [d.day, d]));
    return daysOf(period).map((day) => ({
      day,
      reported: Number(byDay.get(day)?.reported ?? 0),
      closed: Number(byDay.get(day)?.closed ?? 0),
    }));
  }, [trend.data, period]);

  const trendOption = useMemo<EChartsOption>(
    () => ({
      animation: false,
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      legend: { top: 0 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: trendRows.map((r) => f.day(r.day)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: t('dashboard.reported'),
          type: 'line',
          data: trendRows.map((r) => r.reported),
          color: BLUE,
        },
        {
          name: t('dashboard.closed'),
          type: 'line',
          data: trendRows.map((r) => r.closed),
          color: ORANGE,
          lineStyle: { type: 'dashed' },
        },
      ],
    }),
    [trendRows, f, t],
  );

  const categoryRows = useMemo(() => {
    const nameOf = (code: string) => {
      const node = categories.index?.byCode.get(code)?.node;
      return node ? (zh ? node.nameZh : node.nameEn) : code;
    };
    return Object.entries(summary.data?.byCategory ?? {})
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([code, n]) => ({ code, name: nameOf(code), n }));
  }, [summary.data, categories.index, zh]);

  const categoryOption = useMemo<EChartsOption>(
    () => ({
      animation: false,
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      tooltip: {},
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: categoryRows.map((r) => r.name) },
      series: [{ type: 'bar', data: categoryRows.map((r) => r.n), color: BLUE }],
    }),
    [categoryRows],
  );

  const ranked = useMemo(
    () =>
      [...(children.data?.cells ?? [])]
        .sort((a, b) => b.overdueOpen - a.overdueOpen || b.open - a.open)
        .slice(0, 20),
    [children.data],
  );

  const s = summary.data;
  return (
    <div className="wide dashboard">
      <PageHeading title={t('dashboard.title')}>
        {s
          ? t('dashboard.lead', {
              area: zh ? s.area.nameZh : s.area.nameEn,
              from: f.longDay(s.from),
              to: f.longDay(s.to),
            })
          : t('dashboard.leadPlain')}
      </PageHeading>
      <PeriodForm period={period} onChange={setPeriod} />

      <section aria-labelledby="headline-title" className="dashboard-section">
        <h2 id="headline-title" className="h3">
          {t('dashboard.headline')}
        </h2>
        {summary.isPending ? (
          <Loading block label={t('common.loading')} />
        ) : summary.isError ? (
          <ErrorNotice error={summary.error} onRetry={() => void summary.refetch()} />
        ) : s ? (
          <dl className="dashboard-figures" data-testid="headline">
            <Figure label={t('dashboard.registered')} value={f.integer(s.registered)} />
            <Figure label={t('dashboard.closed')} value={f.integer(s.closed)} />
            <Figure
              label={t('dashboard.closureRate')}
              value={f.percent(s.closureRate.rate)}
              detail={rateDetail(s.closureRate)}
            />
            {STAGES.map((stage) => {
              const r = s.onTimeRate[stage];
              return r ? (
                <Figure
                  key={stage}
                  label={t('dashboard.onTime', { stage: t(`dashboard.stages.${stage}`) })}
                  value={f.percent(r.rate)}
                  detail={rateDetail(r)}
                />
              ) : null;
            })}
            <Figure
              label={t('dashboard.reworkRate')}
              value={f.percent(s.reworkRate.rate)}
              detail={rateDetail(s.reworkRate)}
            />
            <Figure
              label={t('dashboard.satisfactionRate')}
              value={f.percent(s.satisfactionRate.rate)}
              detail={rateDetail(s.satisfactionRate)}
            />
            <Figure label={t('dashboard.overdueOpen')} value={f.integer(s.overdueOpen)} />
            <Figure label={t('dashboard.meanHours')} value={f.hours(s.meanHoursToClose)} />
            <Figure label={t('dashboard.p90Hours')} value={f.hours(s.p90HoursToClose)} />
          </dl>
        ) : null}
      </section>

      <div className="dashboard-columns">
        <section aria-labelledby="trend-title" className="card dashboard-section">
          <h2 id="trend-title" className="h3">
            {t('dashboard.trend')}
          </h2>
          {trend.isError ? (
            <ErrorNotice error={trend.error} onRetry={() => void trend.refetch()} />
          ) : trend.isPending ? (
            <Loading label={t('common.loading')} />
          ) : (
            <>
              <p id="trend-desc" className="small muted">
                {t('dashboard.trendDesc', {
                  reported: f.integer(trendRows.reduce((n, r) => n + r.reported, 0)),
                  closed: f.integer(trendRows.reduce((n, r) => n + r.closed, 0)),
                  days: trendRows.length,
                })}
              </p>
              <Chart option={trendOption} describedBy="trend-desc" testId="trend-chart" />
              <ChartTable
                toggle={t('dashboard.showTable')}
                caption={t('dashboard.trend')}
                columns={[t('dashboard.day'), t('dashboard.reported'), t('dashboard.closed')]}
                rows={trendRows.map((r) => ({
                  key: r.day,
                  heading: f.longDay(r.day),
                  cells: [f.integer(r.reported), f.integer(r.closed)],
                }))}
              />
            </>
          )}
        </section>

        <section aria-labelledby="category-title" className="card dashboard-section">
          <h2 id="category-title" className="h3">
            {t('dashboard.byCategory')}
          </h2>
          {summary.isPending ? (
            <Loading label={t('common.loading')} />
          ) : categoryRows.length === 0 ? (
            <p className="muted">{t('dashboard.noCases')}</p>
          ) : (
            <>
              <p id="category-desc" className="small muted">
                {t('dashboard.categoryDesc')}
              </p>
              <Chart
                option={categoryOption}
                describedBy="category-desc"
                height={Math.max(160, categoryRows.length * 28)}
                testId="category-chart"
              />
              <ChartTable
                toggle={t('dashboard.showTable')}
                caption={t('dashboard.byCategory')}
                columns={[t('dashboard.category'), t('dashboard.cases')]}
                rows={categoryRows.map((r) => ({
                  key: r.code,
                  heading: r.name,
                  cells: [f.integer(r.n)],
                }))}
              />
            </>
          )}
        </section>
      </div>

      <div className="dashboard-columns">
        <section aria-labelledby="ranked-title" className="card dashboard-section">
          <h2 id="ranked-title" className="h3">
            {t('dashboard.ranked')}
          </h2>
          {children.isError ? (
            <ErrorNotice error={children.error} onRetry={() => void children.refetch()} />
          ) : children.isPending ? (
            <Loading label={t('common.loading')} />
          ) : ranked.length === 0 ? (
            <p className="muted">{t('dashboard.noChildren')}</p>
          ) : (
            <div className="table-wrap">
              <table className="case-table" data-testid="ranked">
                <caption className="visually-hidden">{t('dashboard.ranked')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('dashboard.area')}</th>
                    <th scope="col">{t('dashboard.open')}</th>
                    <th scope="col">{t('dashboard.overdueOpen')}</th>
                  </tr>
                </thead>
                <tbody>
                  {ranked.map((c) => (
                    <tr key={c.area.code}>
                      <th scope="row">
                        <Link href={`/staff?area=${encodeURIComponent(c.area.code)}`}>
                          {zh ? c.area.nameZh : c.area.nameEn}
                        </Link>
                      </th>
                      <td>{f.integer(c.open)}</td>
                      <td>{f.integer(c.overdueOpen)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>

        <section aria-labelledby="overdue-title" className="card dashboard-section">
          <h2 id="overdue-title" className="h3">
            {t('dashboard.overdueList')}
          </h2>
          {overdue.isError ? (
            <ErrorNotice error={overdue.error} onRetry={() => void overdue.refetch()} />
          ) : overdue.isPending ? (
            <Loading label={t('common.loading')} />
          ) : overdue.data.items.length === 0 ? (
            <p className="muted" data-testid="overdue-empty">
              {t('dashboard.noOverdue')}
            </p>
          ) : (
            <ul className="dashboard-overdue">
              {overdue.data.items.map((c) => (
                <li key={c.id}>
                  <Link href={`/staff/cases/${c.id}`}>{c.title}</Link>{' '}
                  <span className="small muted mono">{c.trackingCode}</span>
                  {c.stageDueAt ? (
                    <span className="small text-danger">
                      {' '}
                      {t('dashboard.dueAt', { at: f.dateTime(c.stageDueAt) })}
                    </span>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <DepartmentRanking period={period} format={f} />
    </div>
  );
}
