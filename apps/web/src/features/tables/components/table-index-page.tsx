// Entry to the browsers: every table of a kind (Q-tables, or replay experiences) across components.

import { useQueries } from '@tanstack/react-query';
import { Link } from 'react-router';
import { QueryState } from '../../../components/ui/query-state';
import { useComponents } from '../../overview/api/get-components';
import { generationSummaryQueryOptions } from '../api/get-generation-summary';

interface TableIndexPageProps {
  title: string;
  /** Which tables this page lists, by name. */
  matches: (table: string) => boolean;
}

export function TableIndexPage({ title, matches }: TableIndexPageProps) {
  const components = useComponents();
  const usable = (components.data?.components ?? []).filter((summary) => summary.active);
  const summaries = useQueries({
    queries: usable.map((summary) => generationSummaryQueryOptions(summary.component, summary.active?.generation ?? 'current')),
  });
  const links = summaries.flatMap((result) =>
    (result.data?.tables ?? [])
      .filter((table) => matches(table.name))
      .map((table) => ({ component: result.data?.component ?? '', generation: result.data?.header.generation ?? 'current', table })),
  );
  const pending = components.isPending || summaries.some((result) => result.isPending);
  return (
    <>
      <h1>{title}</h1>
      <QueryState
        label={title}
        isPending={pending}
        error={components.error ?? summaries.find((result) => result.error)?.error}
        isEmpty={links.length === 0}
        emptyMessage="No usable generation holds such a table yet."
      >
        <ul className="link-list">
          {links.map(({ component, generation, table }) => (
            <li key={`${component}/${table.name}`}>
              <Link to={`/components/${component}/tables/${table.name}?generation=${generation}`}>
                {component} · {table.name}
              </Link>{' '}
              <span className="muted">
                {table.rows.toLocaleString('en-US')} rows in {generation}
              </span>
            </li>
          ))}
        </ul>
      </QueryState>
    </>
  );
}
