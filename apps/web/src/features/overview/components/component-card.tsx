// One component at a glance: health, generation in use, seq, age, size, schema, HMAC.

import { Link } from 'react-router';
import type { ComponentSummary } from '@quantum/api-contract';
import { StatusBadge } from '../../../components/ui/status-badge';
import { formatAge, formatBytes } from '../../../lib/format';
import { healthLabel, healthTone, hmacLabel } from '../health';

export function ComponentCard({ summary, now }: { summary: ComponentSummary; now: number }) {
  const active = summary.active;
  const headingId = `component-${summary.component}`;
  return (
    <article className={`card card-${healthTone(summary.health)}`} aria-labelledby={headingId}>
      <header className="card-header">
        <h3 id={headingId}>
          <Link to={`/components/${summary.component}`}>{summary.component}</Link>
        </h3>
        <StatusBadge tone={healthTone(summary.health)}>{healthLabel(summary.health)}</StatusBadge>
      </header>
      <dl className="facts">
        <dt>Generation in use</dt>
        <dd>{active?.generation ?? '—'}</dd>
        <dt>Seq</dt>
        <dd>{active?.seq ?? '—'}</dd>
        <dt>Last good save</dt>
        <dd>{formatAge(active?.savedAt, now)}</dd>
        <dt>Size</dt>
        <dd>{formatBytes(active?.sizeBytes)}</dd>
        <dt>Schema</dt>
        <dd>
          v{active?.schemaVersion ?? '—'} / build v{summary.schemaVersion}
          {active?.pendingMigration ? ' (migration pending)' : ''}
        </dd>
        <dt>HMAC</dt>
        <dd>{hmacLabel(summary)}</dd>
        <dt>Valid generations</dt>
        <dd>{summary.validGenerations} of 4</dd>
      </dl>
    </article>
  );
}
