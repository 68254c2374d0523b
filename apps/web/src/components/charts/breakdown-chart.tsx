// Row counts per category (regime, action), as horizontal bars.

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export function BreakdownChart({ counts, label }: { counts: { group: string; count: number }[]; label: string }) {
  return (
    <figure className="chart" aria-label={label}>
      <figcaption className="muted">{label}</figcaption>
      <ResponsiveContainer width="100%" height={Math.max(100, 28 * counts.length + 40)}>
        <BarChart data={counts} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#3a4150" />
          <XAxis type="number" stroke="#aab" allowDecimals={false} />
          <YAxis type="category" dataKey="group" stroke="#aab" width={110} />
          <Tooltip />
          <Bar dataKey="count" fill="#81c784" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
