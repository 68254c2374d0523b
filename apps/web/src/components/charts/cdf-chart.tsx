// Cumulative distribution of a column, from its histogram (share of rows at or below each edge).

import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export function CdfChart({ edges, counts, label }: { edges: number[]; counts: number[]; label: string }) {
  const total = counts.reduce((sum, count) => sum + count, 0);
  let running = 0;
  const data = [{ x: edges[0] ?? 0, share: 0 }];
  counts.forEach((count, bin) => {
    running += count;
    data.push({ x: edges[bin + 1] ?? 0, share: total > 0 ? running / total : 0 });
  });
  return (
    <figure className="chart" aria-label={label}>
      <ResponsiveContainer width="100%" height={180}>
        <AreaChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#3a4150" />
          <XAxis dataKey="x" type="number" domain={['dataMin', 'dataMax']} stroke="#aab" tickFormatter={(value: number) => value.toPrecision(3)} />
          <YAxis domain={[0, 1]} stroke="#aab" tickFormatter={(value: number) => `${Math.round(value * 100)}%`} width={50} />
          <Tooltip formatter={(value) => `${(Number(value) * 100).toFixed(1)}%`} labelFormatter={(value) => `≤ ${Number(value).toPrecision(4)}`} />
          <Area type="stepAfter" dataKey="share" stroke="#64b5f6" fill="#64b5f633" isAnimationActive={false} />
        </AreaChart>
      </ResponsiveContainer>
    </figure>
  );
}
