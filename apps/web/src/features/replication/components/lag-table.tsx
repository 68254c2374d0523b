// Per component: how far the bucket is behind, what was never uploaded, the newest verified replica.

import type { ReplicationLag, ReplicationStatus } from '@quantum/api-contract';
import { formatAge, formatBytes } from '../../../lib/format';

type Problems = NonNullable<ReplicationStatus['problems']>;

const explain = (problem: Problems[number]): string =>
  [...problem.missed.map((seq) => `seq ${seq}: rotated away before upload`), ...problem.rejected.map((entry) => `seq ${entry.seq}: ${entry.reason}`)].join('\n');

export function LagTable({ lag, problems }: { lag: ReplicationLag; problems: Problems }) {
  return (
    <section className="panel">
      <table>
        <caption>Lag per component</caption>
        <thead>
          <tr>
            <th scope="col">Component</th>
            <th scope="col">Local seq</th>
            <th scope="col">Uploaded seq</th>
            <th scope="col">Generations behind</th>
            <th scope="col">Saves behind</th>
            <th scope="col">Bytes pending</th>
            <th scope="col">Oldest pending</th>
            <th scope="col">Never uploaded</th>
            <th scope="col">Verified seq</th>
          </tr>
        </thead>
        <tbody>
          {lag.components.map((component) => {
            const problem = problems.find((entry) => entry.component === component.component);
            return (
              <tr key={component.component}>
                <th scope="row">{component.component}</th>
                <td>{component.localSeq}</td>
                <td>{component.uploadedSeq}</td>
                <td>{component.generationsBehind}</td>
                <td>{component.seqsBehind}</td>
                <td>{formatBytes(component.bytesPending)}</td>
                <td>{component.oldestPendingSavedAt ? formatAge(component.oldestPendingSavedAt) : '—'}</td>
                <td title={problem ? explain(problem) : undefined}>{problem ? problem.missed.length + problem.rejected.length : 0}</td>
                <td>{problem?.verifiedSeq ?? '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
