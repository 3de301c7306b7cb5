/** Native charts from the plan: one series per planned series, coloured, titled and placed on the sheet. */
import { cellRef, parseRange } from '../../workbook/a1';
import { type ChartPlan, DATA_LABEL_FORMAT, type RangeRef, type SheetPlan } from '../../workbook/plan';
import { hostColor } from '../host';
import { COMMAND_BYTES, RequestBatch } from './batch';

/** Queue the sheet's charts, one step per chart. */
export async function writeCharts(s: RequestBatch, p: SheetPlan): Promise<void> {
  for (const [i, c] of p.charts.entries())
    await s.add(
      { sheet: p.name, what: `adding the chart "${c.title}"`, ops: chartOps },
      (8 + 6 * c.series.length) * COMMAND_BYTES + JSON.stringify(c).length,
      () => addChart((r) => s.range(r), s.sheet(p.name), c, chartName(i)),
    );
}

/**
 * Charts we add are named "PPS chart 1", "PPS chart 2", ... in plan order, so a refresh finds its own
 * charts (and leaves charts a person added) when it rebuilds them over the refreshed rows.
 */
export const CHART_NAME_PREFIX = 'PPS chart ';
export const chartName = (i: number): string => `${CHART_NAME_PREFIX}${i + 1}`;

export const CHART_TYPE = { line: 'Line', bar: 'BarClustered', column: 'ColumnClustered' } as const;

export const chartOps = [
  'ChartCollection.add',
  'Chart.name',
  'Chart.setPosition',
  'ChartTitle.text',
  'ChartAxisTitle.text',
  'ChartAxis.minimum',
  'ChartAxis.maximum',
  'ChartSeriesCollection.getItemAt',
  'ChartSeriesCollection.add',
  'ChartSeries.name',
  'ChartSeries.setValues',
  'ChartSeries.setXAxisValues',
  'ChartSeries.markerStyle',
  'ChartLineFormat.color',
  'ChartLineFormat.lineStyle',
  'ChartFill.setSolidColor',
  'ChartDataLabels.showValue',
  'ChartDataLabels.position',
  'ChartDataLabels.numberFormat',
];

/** Where a point's value label goes: above a line's point, past the end of a bar (as src/xlsx/charts.ts). */
const LABEL_POSITION = { line: 'Top', bar: 'OutsideEnd', column: 'OutsideEnd' } as const;

/** Queue one chart: `range` resolves the plan's ranges (on any sheet) to Excel ranges. */
export function addChart(
  range: (r: RangeRef) => Excel.Range,
  ws: Excel.Worksheet,
  c: ChartPlan,
  name: string,
): void {
  const first = range(c.series[0].values);
  const shape = parseRange(c.series[0].values.ref);
  const chart = ws.charts.add(
    CHART_TYPE[c.type],
    first,
    shape.row1 === shape.row2 && shape.col2 > shape.col1 ? 'Rows' : 'Columns',
  );
  chart.name = name;
  chart.title.text = c.title;
  c.series.forEach((sp, i) => {
    const series = i === 0 ? chart.series.getItemAt(0) : chart.series.add(sp.name);
    if (i === 0) series.name = sp.name;
    series.setValues(i === 0 ? first : range(sp.values));
    series.setXAxisValues(range(c.categories));
    if (c.type === 'line') {
      if (sp.color) series.format.line.color = hostColor(sp.color);
      if (sp.dashed) {
        series.format.line.lineStyle = 'Dash';
        series.markerStyle = 'None';
      }
    } else if (sp.color) series.format.fill.setSolidColor(hostColor(sp.color));
  });
  if (c.xAxisTitle) chart.axes.categoryAxis.title.text = c.xAxisTitle;
  if (c.yAxisTitle) chart.axes.valueAxis.title.text = c.yAxisTitle;
  if (c.yMin !== undefined) chart.axes.valueAxis.minimum = c.yMin;
  if (c.yMax !== undefined) chart.axes.valueAxis.maximum = c.yMax;
  if (c.dataLabels) {
    chart.dataLabels.showValue = true;
    chart.dataLabels.position = LABEL_POSITION[c.type];
    chart.dataLabels.numberFormat = DATA_LABEL_FORMAT;
  }
  chart.setPosition(cellRef(c.anchor.row, c.anchor.col), cellRef(c.anchor.toRow - 1, c.anchor.toCol - 1));
}
