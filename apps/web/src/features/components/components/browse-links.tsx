// Links from a component to its browsable tables and views in the generation in use.

import { Link } from 'react-router';
import { useGenerationSummary } from '../../tables/api/get-generation-summary';

export function BrowseLinks({ component, generation }: { component: string; generation: string }) {
  const summary = useGenerationSummary(component, generation);
  const tables = summary.data?.tables ?? [];
  if (tables.length === 0) return null;
  return (
    <nav className="panel" aria-label={`Tables of ${component}`}>
      <h2>Browse ({generation})</h2>
      <ul className="inline-list">
        {tables.map((table) => (
          <li key={table.name}>
            <Link to={`/components/${component}/tables/${table.name}?generation=${generation}`}>
              {table.name} ({table.rows.toLocaleString('en-US')} rows)
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
