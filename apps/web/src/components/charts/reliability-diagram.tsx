// Calibration of danger predictions: observed crash rate against mean predicted score, per bin.

import { CartesianGrid, Line, ComposedChart, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';

export interface ReliabilityBin {
  meanPredicted: number | null;
  observedRate: number | null;
  count: number;
}

export function ReliabilityDiagram({ bins, label }: { bins: ReliabilityBin[]; label: string }) {
  const points = bins
    .filter((bin) => bin.meanPredicted !== null && bin.observedRate !== null)
    .map((bin) => ({ predicted: bin.meanPredicted, observed: bin.observedRate, count: bin.count }));
  const diagonal = [
    { predicted: 0, ideal: 0 },
    { predicted: 1, ideal: 1 },
  ];
  return (
    <figure className="chart" aria-label={label}>
      <ResponsiveContainer width="100%" height={220}>
        <ComposedChart margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#3a4150" />
          <XAxis dataKey="predicted" type="number" domain={[0, 1]} stroke="#aab" name="mean predicted" />
          <YAxis type="number" domain={[0, 1]} stroke="#aab" width={40} name="observed rate" />
          <Tooltip />
          <Line data={diagonal} dataKey="ideal" stroke="#888" strokeDasharray="4 4" dot={false} isAnimationActive={false} />
          <Scatter data={points} dataKey="observed" fill="#ffb74d" line isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
