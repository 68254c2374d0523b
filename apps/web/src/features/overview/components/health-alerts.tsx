// Alerts for components recovered from a backup or with no usable generation.

import { Link } from 'react-router';
import type { ComponentSummary } from '@quantum/api-contract';

export function HealthAlerts({ components }: { components: ComponentSummary[] }) {
  const troubled = components.filter((summary) => summary.health === 'recovered' || summary.health === 'unrecoverable');
  if (troubled.length === 0) return null;
  return (
    <section aria-label="Alerts" className="alerts">
      {troubled.map((summary) => (
        <div key={summary.component} role="alert" className={`alert alert-${summary.health === 'recovered' ? 'warning' : 'error'}`}>
          <Link to={`/components/${summary.component}`}>{summary.component}</Link>{' '}
          {summary.health === 'recovered'
            ? `was recovered from backup ${summary.recoveredFrom ?? ''}: its current file is unusable.`
            : 'is unrecoverable: no generation verifies.'}
        </div>
      ))}
    </section>
  );
}
