/**
 * How counters are keyed in storage. A counter is named by its area, its period (a day or
 * a month) and its metric (`reported`, `category:C0101`, `dept:<id>:closed` …), but a city
 * keeps hundreds of millions of them, so each row stores three integers instead of those
 * texts (a row of about 30 bytes instead of 90):
 *
 * - the area key and the metric key are 53-bit hashes of the area id and of the metric
 *   name (cyrb53), computed wherever they are needed, so no write has to look a key up or
 *   allocate one; department metrics (`dept:…`) get negative keys, so an area's own
 *   metrics and its department metrics are two key ranges;
 * - the period is `YYYYMMDD` for a day and `YYYYMM` for a monthly roll-up, so a day range
 *   and a list of months are both plain integer ranges.
 *
 * Metric names are read back through a small dictionary (`counter_metrics`) written with
 * the counters. Two distinct names with the same 53-bit hash would share counters: for a
 * city of 1,000,000 areas the chance that any two areas collide is about 5 in 100,000,
 * for 100,000 areas about 5 in 10,000,000; metric names are a few thousand.
 */

/** cyrb53 (public domain, bryc): a fast 53-bit string hash with good dispersion. */
function cyrb53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** The prefix of department metrics (`dept:<department id>:<metric>`). */
export const DEPARTMENT_METRIC_PREFIX = 'dept:';

/** The storage key of an area's counters (never 0). */
export function areaKey(areaId: string): number {
  return cyrb53(areaId) || 1;
}

/** The storage key of a metric: negative for department metrics, positive otherwise. */
export function metricKey(metric: string): number {
  const key = cyrb53(metric) || 1;
  return metric.startsWith(DEPARTMENT_METRIC_PREFIX) ? -key : key;
}

/** Day periods are `YYYYMMDD` (8 digits), month periods `YYYYMM` (6 digits). */
export const FIRST_DAY_PERIOD = 10_000_000;

/**
 * The period of a day (`YYYY-MM-DD` → `YYYYMMDD`) or of a month (`YYYY-MM` → `YYYYMM`).
 * @throws RangeError for anything else.
 */
export function periodOf(dayOrMonth: string): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(dayOrMonth))
    return Number(dayOrMonth.slice(0, 4) + dayOrMonth.slice(5, 7) + dayOrMonth.slice(8, 10));
  if (/^\d{4}-\d{2}$/.test(dayOrMonth))
    return Number(dayOrMonth.slice(0, 4) + dayOrMonth.slice(5, 7));
  throw new RangeError(`not a day or a month: ${dayOrMonth}`);
}

/** The day (`YYYY-MM-DD`) or month (`YYYY-MM`) of a period. */
export function periodName(period: number): string {
  const text = String(period);
  return period >= FIRST_DAY_PERIOD
    ? `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`
    : `${text.slice(0, 4)}-${text.slice(4, 6)}`;
}

/** A stored counter row: `[areaKey, period, metricKey, n]`. */
export type CounterKeyRow = [number, number, number, number];

/**
 * Keys for the same few names again and again (an area's path, a day, a handful of
 * metrics): remembered, up to `limit` names, then forgotten all at once.
 */
export function createCounterKeyer(limit = 200_000) {
  const areas = new Map<string, number>();
  const metrics = new Map<string, number>();
  const periods = new Map<string, number>();
  const cached = (map: Map<string, number>, name: string, make: (name: string) => number) => {
    let key = map.get(name);
    if (key === undefined) {
      if (map.size >= limit) map.clear();
      key = make(name);
      map.set(name, key);
    }
    return key;
  };
  return {
    area: (areaId: string) => cached(areas, areaId, areaKey),
    metric: (metric: string) => cached(metrics, metric, metricKey),
    period: (dayOrMonth: string) => cached(periods, dayOrMonth, periodOf),
    /** `[areaId, dayOrMonth, metric, n]` as a stored row. */
    row(areaId: string, dayOrMonth: string, metric: string, n: number): CounterKeyRow {
      return [this.area(areaId), this.period(dayOrMonth), this.metric(metric), n];
    },
  };
}

/** The counter keyer. */
export type CounterKeyer = ReturnType<typeof createCounterKeyer>;

/** Rows in key order (the order in which PostgreSQL transactions must lock them). */
export function byStoredKey(a: CounterKeyRow, b: CounterKeyRow): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}
