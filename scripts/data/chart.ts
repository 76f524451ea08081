/**
 * Charts rendered at build time: a small vega-lite spec, compiled to vega and rendered to an SVG
 * string headlessly (renderer 'none', view.toSVG). Labels stay <text> in the bundled serif, so
 * they print sharp and can be searched; the page carries no script.
 */
import { createHash } from 'node:crypto';
import type { TopLevelSpec } from 'vega-lite';
import { cached } from '../core/cache.ts';
import { generatorHash } from '../build/input-hash.ts';
import { formatNumber, formatValue, withUnit, type Grouping } from './format.ts';
import { isNumeric, type Column, type Dataset, type Row } from './model.ts';

export type ChartType = 'bar' | 'line' | 'stacked';
export const chartTypes: readonly ChartType[] = ['bar', 'line', 'stacked'];

export const CHART_FONT = "'Daan Serif', 'Noto Serif SC', serif";
const palette = ['#9e1b1b', '#c98b5b', '#5b6770', '#b9a27a', '#2f4f6f'];

export interface ChartSeries {
  /** 户数 */
  label: string;
  unit?: string;
  values: (number | null)[];
}

export interface ChartData {
  type: ChartType;
  /** The x axis: 2014年, 2015年 … */
  categories: string[];
  series: ChartSeries[];
  grouping?: Grouping;
  width?: number;
  height?: number;
}

/** Chart data from rows of a data set: categories from the x column, a series per y column. */
export function chartData(dataset: Dataset, rows: Row[], x: Column, y: Column[], type: ChartType, grouping?: Grouping): ChartData {
  const value = (row: Row, column: Column) => dataset.values.get(row.key)?.get(column.key) ?? null;
  return {
    type,
    grouping,
    categories: rows.map((row) => formatValue(value(row, x), x) ?? row.key),
    series: y.filter(isNumeric).map((column) => ({
      label: column.label,
      unit: column.unit,
      values: rows.map((row) => {
        const v = value(row, column);
        return typeof v === 'number' ? (column.type === 'percent' ? v * 100 : v) : null;
      }),
    })),
  };
}

/** What a screen reader hears instead of the picture: every value, with units. */
export function chartText(data: ChartData): string {
  const parts = data.categories.map((category, i) => {
    const values = data.series.map((series) => `${series.label}${series.values[i] === null ? '—' : withUnit(formatNumber(series.values[i]!, { grouping: data.grouping }), series.unit)}`);
    return `${category}，${values.join('、')}`;
  });
  return `${parts.join('；')}。`;
}

/**
 * The chart as SVG. `narrow`: the variant phones show (web pages only), drawn for a 328 px column
 * (a 360 px screen) with 12 px labels, so that no text is scaled below 11 CSS px; the wide one
 * is printed and shown on wider screens.
 */
export async function renderChartSvg(data: ChartData, variant: 'wide' | 'narrow' = 'wide'): Promise<string> {
  const spec = variant === 'narrow' ? narrowSpec(data) : vegaLiteSpec(data);
  // Drawing a chart costs a fifth of a second and loads vega: the same spec, with the same code
  // and package versions (the generator hash), is drawn once.
  const key = createHash('sha256').update(`${await generatorHash()}\0${JSON.stringify(spec)}`).digest('hex');
  return new TextDecoder().decode(await cached('charts', `${key}.svg`, async () => new TextEncoder().encode(await drawSvg(spec))));
}

async function drawSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  useTextEstimates(vega);
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

function vegaLiteSpec(data: ChartData): TopLevelSpec {
  const series = data.series.map(seriesName);
  const values = data.categories.flatMap((category, i) =>
    data.series.map((s, k) => ({ category, series: series[k], value: s.values[i], label: s.values[i] === null ? '' : formatNumber(s.values[i]!, { grouping: data.grouping }) })),
  );
  const many = series.length > 1;
  const encoding = {
    x: { field: 'category', type: 'ordinal', sort: null, axis: { title: null, labelAngle: 0 } },
    y: { field: 'value', type: 'quantitative', stack: data.type === 'stacked' ? 'zero' : null, scale: { domainMax: headroom(data) }, axis: { title: null, tickMinStep: 1, labelExpr: "abs(datum.value) >= 10000 ? format(datum.value, ',') : format(datum.value, '')" } },
    color: { field: 'series', type: 'nominal', sort: null, scale: { domain: series, range: palette }, legend: many ? { title: null, orient: 'top' } : null },
    ...(data.type === 'bar' && many ? { xOffset: { field: 'series', sort: null } } : {}),
  };
  const mark = data.type === 'line' ? { type: 'line', point: true } : { type: 'bar' };
  const layers: object[] = [{ mark, encoding }];
  if (data.type !== 'stacked') {
    layers.push({ mark: { type: 'text', dy: -6, baseline: 'bottom', fontSize: 10 }, encoding: { ...encoding, text: { field: 'label' }, color: { value: '#222' } } });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: data.width ?? 360,
    height: data.height ?? 200,
    data: { values },
    layer: layers,
    config: {
      font: CHART_FONT,
      background: 'transparent',
      view: { stroke: null },
      axis: { labelFontSize: 11, domainColor: '#333', tickColor: '#333', gridColor: '#e2e2e2', aria: false },
      legend: { labelFontSize: 11, symbolType: 'square', aria: false },
      mark: { aria: false },
    },
  } as TopLevelSpec;
}

/** Plot width of the narrow variant: with the value axis, the chart is at most NARROW_WIDTH wide. */
const NARROW_WIDTH = 320;

function narrowSpec(data: ChartData): TopLevelSpec {
  const spec = vegaLiteSpec({ ...data, width: NARROW_WIDTH - 60, height: Math.round(((data.height ?? 200) * 3) / 4) }) as TopLevelSpec & { layer: { mark: { fontSize?: number } }[]; config: Record<string, Record<string, unknown>> };
  for (const layer of spec.layer) if (layer.mark.fontSize) layer.mark.fontSize = 12;
  spec.config.axis = { ...spec.config.axis, labelFontSize: 12, labelLimit: 80 };
  spec.config.legend = { ...spec.config.legend, labelFontSize: 12, columns: 2, labelLimit: NARROW_WIDTH / 2 - 30 };
  return spec;
}

/** The top of the value axis with room above the highest bar or stack for its label. */
function headroom(data: ChartData): number {
  const totals = data.categories.map((_, i) => {
    const values = data.series.map((series) => series.values[i] ?? 0);
    return data.type === 'stacked' ? values.reduce((a, b) => a + b, 0) : Math.max(0, ...values);
  });
  return Math.max(1, ...totals) * 1.15;
}

/** 户数（户） */
function seriesName(series: ChartSeries): string {
  return series.unit ? `${series.label}（${series.unit}）` : series.label;
}

let estimating = false;

/**
 * Without a canvas vega guesses text widths as 0.8 em per character, too narrow for Chinese.
 * Count Han and full-width characters as 1 em and others as 0.6 em, so labels and legends get room.
 */
function useTextEstimates(vega: typeof import('vega')): void {
  if (estimating) return;
  estimating = true;
  const metrics = (vega as unknown as { textMetrics: { width: (item: { fontSize?: number }, text?: unknown) => number } }).textMetrics;
  metrics.width = (item, text) => {
    const size = item.fontSize ?? 11;
    let width = 0;
    for (const char of String(text ?? '')) width += /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u3000-\u303F]/.test(char) ? 1 : 0.6;
    return width * size;
  };
}
