/**
 * The parts of ECharts the dashboard draws with (line and bar charts on canvas). Imported
 * only through `Chart.tsx`'s dynamic import, so it stays out of the first load; static
 * imports here let the bundler leave the rest of ECharts out.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  LineChart,
  BarChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  CanvasRenderer,
]);

export { echarts };
