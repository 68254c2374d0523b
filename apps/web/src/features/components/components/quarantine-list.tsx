// Files the recovery moved aside: kept for inspection, never deleted.

import type { QuarantinedFile } from '@quantum/api-contract';
import { formatBytes, formatTime } from '../../../lib/format';

export function QuarantineList({ files }: { files: QuarantinedFile[] }) {
  if (files.length === 0) return <p className="state state-empty">No quarantined files.</p>;
  return (
    <table className="compact">
      <caption>Quarantined files</caption>
      <thead>
        <tr>
          <th scope="col">File</th>
          <th scope="col">Size</th>
          <th scope="col">Quarantined at</th>
        </tr>
      </thead>
      <tbody>
        {files.map((file) => (
          <tr key={file.file}>
            <th scope="row">{file.file}</th>
            <td>{formatBytes(file.sizeBytes)}</td>
            <td>{formatTime(file.quarantinedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
