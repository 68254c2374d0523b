// A downsampled history: the bucket mean as a line inside its min-max band.

import { Area, ComposedChart, CartesianGrid, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface SeriesPoint {
  index: number;
  value: number;
  min: number;
  max: number;
}

export function SeriesChart({ points, label }: { points: SeriesPoint[]; label: string }) {
  const data = points.map((point) => ({ index: point.index, value: point.value, band: [point.min, point.max] }));
  return (
    <figure className="chart" aria-label={label}>
      <ResponsiveContainer width="100%" height={180}>
        <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#3a4150" />
          <XAxis dataKey="index" type="number" domain={['dataMin', 'dataMax']} stroke="#aab" />
          <YAxis stroke="#aab" width={60} tickFormatter={(value: number) => value.toPrecision(3)} />
          <Tooltip formatter={(value) => (Array.isArray(value) ? value.map((one) => Number(one).toPrecision(4)).join(' … ') : Number(value).toPrecision(4))} />
          <Area dataKey="band" stroke="none" fill="#64b5f633" isAnimationActive={false} />
          <Line dataKey="value" stroke="#64b5f6" dot={false} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
