// The preview of a restore from the bucket: the object the server downloaded and verified
// (sha256 against its metadata, HMAC with this installation's key), and its diff against current.

import type { RemoteGeneration } from '@quantum/api-contract';
import { QueryState } from '../../../components/ui/query-state';
import { formatBytes, formatTime } from '../../../lib/format';
import { DiffView } from '../../components/components/diff-view';
import { useRemotePreview } from '../api/remote-generations';

export function remoteGenerationLabel(generation: RemoteGeneration): string {
  const saved = generation.savedAt !== undefined ? `, saved ${formatTime(generation.savedAt)}` : '';
  return `bucket seq ${generation.seq}${saved}, ${formatBytes(generation.sizeBytes)}${generation.pinned ? ', pinned' : ''}`;
}

export function RemotePreview({ component, seq }: { component: string; seq: number }) {
  const preview = useRemotePreview(component, seq);
  const target = preview.data?.target;
  return (
    <section className="panel" aria-label="Diff against current">
      <h2>bucket seq {seq} against current</h2>
      <QueryState label="remote generation (download and verification)" isPending={preview.isPending} error={preview.error}>
        {target ? (
          <p role="status" className="alert alert-ok">
            Downloaded {target.key} ({formatBytes(target.sizeBytes)}): sha256 matches its metadata, HMAC verifies with key {target.keyFingerprint.slice(0, 16)}…, schema v{target.schemaVersion}.
          </p>
        ) : null}
        {preview.data?.diff ? <DiffView diff={preview.data.diff} /> : <p>There is no usable current generation to compare with: restoring makes bucket seq {seq} current.</p>}
      </QueryState>
    </section>
  );
}
