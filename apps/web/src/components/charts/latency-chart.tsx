// Live save latency of one component: rolling p50/p95/p99 per save.

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface LatencyChartPoint {
  at: number;
  p50: number;
  p95: number;
  p99: number;
}

const timeOf = (value: number) => new Date(value).toISOString().slice(11, 19);

export function LatencyChart({ points, label }: { points: LatencyChartPoint[]; label: string }) {
  return (
    <figure className="chart" aria-label={label}>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#3a4150" />
          <XAxis dataKey="at" type="number" domain={['dataMin', 'dataMax']} tickFormatter={timeOf} stroke="#aab" />
          <YAxis unit=" ms" stroke="#aab" width={70} />
          <Tooltip labelFormatter={(value) => timeOf(Number(value))} formatter={(value) => `${Number(value).toFixed(2)} ms`} />
          <Legend />
          <Line type="monotone" dataKey="p50" stroke="#4caf50" dot={false} isAnimationActive={false} />
          <Line type="monotone" dataKey="p95" stroke="#ffb300" dot={false} isAnimationActive={false} />
          <Line type="monotone" dataKey="p99" stroke="#ef5350" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
