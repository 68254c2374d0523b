// The four generations of a component: what each holds and why an unusable one was rejected.

import type { GenerationInfo } from '@quantum/api-contract';
import { StatusBadge } from '../../../components/ui/status-badge';
import { formatAge, formatBytes, formatTime } from '../../../lib/format';

export function GenerationTable({ generations, now, inUse }: { generations: GenerationInfo[]; now: number; inUse?: string }) {
  return (
    <table>
      <caption>Generations, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Generation</th>
          <th scope="col">Status</th>
          <th scope="col">Seq</th>
          <th scope="col">Saved at</th>
          <th scope="col">Age</th>
          <th scope="col">Size</th>
          <th scope="col">Schema</th>
          <th scope="col">HMAC</th>
          <th scope="col">Reason</th>
        </tr>
      </thead>
      <tbody>
        {generations.map((info) => (
          <tr key={info.generation} aria-current={info.generation === inUse ? 'true' : undefined}>
            <th scope="row">
              {info.generation}
              {info.generation === inUse ? ' (in use)' : ''}
            </th>
            <td>
              <StatusBadge tone={info.status === 'valid' ? 'ok' : info.status === 'missing' ? 'neutral' : 'error'}>
                {info.status}
              </StatusBadge>
              {info.suspect ? (
                <StatusBadge tone="warning" title="A semantic check of the guard found this state doubtful when it was saved (see the save journal)">
                  suspect
                </StatusBadge>
              ) : null}
            </td>
            <td>{info.seq ?? '—'}</td>
            <td>{formatTime(info.savedAt)}</td>
            <td>{formatAge(info.savedAt, now)}</td>
            <td>{formatBytes(info.sizeBytes)}</td>
            <td>
              {info.schemaVersion === undefined ? '—' : `v${info.schemaVersion}`}
              {info.pendingMigration ? ' (migration pending)' : ''}
            </td>
            <td>{hmacOf(info)}</td>
            <td>{info.status === 'valid' ? '' : [info.reason, info.message].filter(Boolean).join(': ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function hmacOf(info: GenerationInfo): string {
  if (info.status === 'valid') return `ok (key ${info.keyFingerprint?.slice(0, 8) ?? '?'})`;
  if (info.reason === 'hmac-mismatch') return 'FAILED';
  if (info.reason === 'unknown-key') return 'unknown key';
  return info.status === 'missing' ? '—' : 'not checked';
}
