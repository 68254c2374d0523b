// Generation, filters and search of a table view; every change goes to the URL and back to the first row.

import { useState, type FormEvent } from 'react';
import type { ColumnInfo, ColumnType } from '@quantum/api-contract';
import { ChoiceSelect } from '../../../components/ui/choice-select';
import { Field } from '../../../components/ui/field';
import type { TableViewState } from '../table-view-state';

const actions = ['HOLD', 'BUY', 'SELL', 'CLOSE'];
const regimes = ['TRENDING_UP', 'TRENDING_DOWN', 'RANGING', 'VOLATILE', 'CRISIS'];
const generations = ['current', 'bak', 'bak1', 'bak2'];

interface FilterBarProps {
  view: TableViewState;
  columns: ColumnInfo[];
  seq: number | undefined;
  /** Pinned copies of this component, browsable as `pin-<seq>`. */
  pins: string[];
  onChange: (patch: Partial<TableViewState>) => void;
}

export function FilterBar({ view, columns, seq, pins, onChange }: FilterBarProps) {
  const has = (type: ColumnType) => columns.some((column) => column.type === type);
  const numeric = columns.filter((column) => ['number', 'integer', 'time'].includes(column.type));
  const change = (patch: Partial<TableViewState>) => onChange({ ...patch, row: '0' });
  const known = [...generations, ...pins];
  const generationOptions = known.includes(view.generation) ? known : [...known, view.generation];

  return (
    <div className="toolbar filter-bar" role="search" aria-label="Filters">
      <Field label="Generation">
        {(id) => (
          <select id={id} value={view.generation} onChange={(event) => change({ generation: event.target.value })}>
            {generationOptions.map((generation) => (
              <option key={generation} value={generation}>
                {generationLabel(generation)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {seq !== undefined && !view.generation.startsWith('seq-') ? (
        <button type="button" onClick={() => change({ generation: `seq-${seq}` })} title="Keep viewing this save wherever rotation moves it">
          Follow seq {seq}
        </button>
      ) : null}
      {has('action') ? (
        <Field label="Action">{(id) => <ChoiceSelect id={id} value={view.action} options={actions} blankLabel="all" onChange={(action) => change({ action })} />}</Field>
      ) : null}
      {has('regime') ? (
        <Field label="Regime">{(id) => <ChoiceSelect id={id} value={view.regime} options={regimes} blankLabel="all" onChange={(regime) => change({ regime })} />}</Field>
      ) : null}
      {has('hash') ? <HashSearch key={view.stateHash} value={view.stateHash} onSearch={(stateHash) => change({ stateHash })} /> : null}
      {numeric.length > 0 ? (
        <RangeFilter key={`${view.rangeColumn}|${view.min}|${view.max}`} view={view} columns={numeric} onApply={change} />
      ) : null}
      <button
        type="button"
        onClick={() => change({ action: '', regime: '', stateHash: '', rangeColumn: '', min: '', max: '', sort: '', order: 'asc' })}
      >
        Clear filters
      </button>
    </div>
  );
}

function generationLabel(generation: string): string {
  if (generation.startsWith('seq-')) return `seq ${generation.slice(4)} (followed)`;
  if (generation.startsWith('pin-')) return `pinned seq ${generation.slice(4)}`;
  return generation;
}

function HashSearch({ value, onSearch }: { value: string; onSearch: (hash: string) => void }) {
  const [draft, setDraft] = useState(value);
  const valid = draft === '' || /^(0x)?[0-9a-fA-F]{1,16}$/.test(draft.trim());
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (valid) onSearch(draft.trim());
  };
  return (
    <form onSubmit={submit} className="inline-form">
      <Field label="State hash">
        {(id) => (
          <input
            id={id}
            type="search"
            value={draft}
            placeholder="hex, e.g. 0x1f3a…"
            aria-invalid={!valid}
            onChange={(event) => setDraft(event.target.value)}
          />
        )}
      </Field>
      <button type="submit" disabled={!valid}>
        Search
      </button>
    </form>
  );
}

function RangeFilter({ view, columns, onApply }: { view: TableViewState; columns: ColumnInfo[]; onApply: (patch: Partial<TableViewState>) => void }) {
  const [column, setColumn] = useState(view.rangeColumn || columns[0]?.name || '');
  const [min, setMin] = useState(view.min);
  const [max, setMax] = useState(view.max);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply({ rangeColumn: min === '' && max === '' ? '' : column, min, max });
  };
  return (
    <form onSubmit={submit} className="inline-form">
      <Field label="Range of">
        {(id) => (
          <select id={id} value={column} onChange={(event) => setColumn(event.target.value)}>
            {columns.map((one) => (
              <option key={one.name}>{one.name}</option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Min">
        {(id) => <input id={id} type="number" step="any" value={min} onChange={(event) => setMin(event.target.value)} className="narrow" />}
      </Field>
      <Field label="Max">
        {(id) => <input id={id} type="number" step="any" value={max} onChange={(event) => setMax(event.target.value)} className="narrow" />}
      </Field>
      <button type="submit">Apply range</button>
    </form>
  );
}
