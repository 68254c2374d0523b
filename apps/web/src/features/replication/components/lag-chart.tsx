// Replication lag over time, from the replication journal: seconds behind and generations behind.

import type { ReplicationLagPoint } from '@quantum/api-contract';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

const timeOf = (value: number) => new Date(value).toISOString().slice(11, 19);

export function LagChart({ points }: { points: ReplicationLagPoint[] }) {
  return (
    <figure className="chart" aria-label="Replication lag over time">
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#3a4150" />
          <XAxis dataKey="time" type="number" domain={['dataMin', 'dataMax']} tickFormatter={timeOf} stroke="#aab" />
          <YAxis yAxisId="seconds" unit=" s" stroke="#aab" width={60} />
          <YAxis yAxisId="generations" orientation="right" allowDecimals={false} stroke="#aab" width={40} />
          <Tooltip labelFormatter={(value) => timeOf(Number(value))} />
          <Legend />
          <Line yAxisId="seconds" type="stepAfter" dataKey="seconds" name="seconds behind" stroke="#ffb300" dot={false} isAnimationActive={false} />
          <Line yAxisId="generations" type="stepAfter" dataKey="generations" name="generations behind" stroke="#4fc3f7" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
