/**
 * An ECharts chart, imported only when a chart is first drawn so ECharts never joins the
 * resident page's first load (and only the line and bar charts, on canvas). The canvas is
 * hidden from assistive technology: the page gives every chart a text alternative (its
 * description and a table).
 */
import { useEffect, useRef, useState } from 'react';
import type { EChartsOption } from 'echarts';

async function importECharts() {
  return (await import('./echarts-setup.ts')).echarts;
}

type ECharts = Awaited<ReturnType<typeof importECharts>>;
let loading: Promise<ECharts> | null = null;
const loadECharts = () => (loading ??= importECharts());

export function Chart({
  option,
  height = 280,
  describedBy,
  testId,
}: {
  option: EChartsOption;
  height?: number;
  describedBy: string;
  testId?: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<ECharts['init']> | null>(null);
  const latest = useRef(option);
  latest.current = option;
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    loadECharts()
      .then((echarts) => {
        if (disposed || !container.current) return;
        chart.current = echarts.init(container.current, undefined, { renderer: 'canvas' });
        chart.current.setOption(latest.current);
        observer = new ResizeObserver(() => chart.current?.resize());
        observer.observe(container.current);
      })
      .catch(() => setFailed(true));
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  if (failed) return null;
  return (
    <div
      ref={container}
      className="dashboard-chart"
      style={{ height }}
      aria-hidden="true"
      data-describedby={describedBy}
      data-testid={testId}
    />
  );
}
