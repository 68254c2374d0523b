// A histogram from bin edges and counts, one bar series per group (all, or per action/regime).

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface HistogramSeries {
  group: string;
  counts: number[];
}

interface HistogramChartProps {
  edges: number[];
  series: HistogramSeries[];
  label: string;
  height?: number;
  stacked?: boolean;
}

const palette = ['#64b5f6', '#81c784', '#ffb74d', '#e57373', '#ba68c8', '#4dd0e1'];

const edgeLabel = (value: number) => (Math.abs(value) >= 1000 || (value !== 0 && Math.abs(value) < 0.01) ? value.toExponential(1) : value.toFixed(2));

export function HistogramChart({ edges, series, label, height = 220, stacked = true }: HistogramChartProps) {
  const data = edges.slice(0, -1).map((lo, bin) => {
    const point: Record<string, number | string> = { bin: `${edgeLabel(lo)}…${edgeLabel(edges[bin + 1] ?? lo)}` };
    for (const one of series) point[one.group] = one.counts[bin] ?? 0;
    return point;
  });
  return (
    <figure className="chart" aria-label={label}>
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }} barCategoryGap={1}>
          <CartesianGrid strokeDasharray="3 3" stroke="#3a4150" />
          <XAxis dataKey="bin" stroke="#aab" interval="preserveStartEnd" minTickGap={24} />
          <YAxis stroke="#aab" allowDecimals={false} width={60} />
          <Tooltip />
          {series.length > 1 ? <Legend /> : null}
          {series.map((one, index) => (
            <Bar
              key={one.group}
              dataKey={one.group}
              stackId={stacked ? 'all' : undefined}
              fill={palette[index % palette.length]}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
      <figcaption className="visually-hidden">{label}</figcaption>
    </figure>
  );
}
