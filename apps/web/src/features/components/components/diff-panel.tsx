// Pick any two generations and see their difference; the pair lives in the URL.

import { useId } from 'react';
import type { GenerationInfo } from '@quantum/api-contract';
import { ChoiceSelect } from '../../../components/ui/choice-select';
import { QueryState } from '../../../components/ui/query-state';
import { useUrlState } from '../../../lib/use-url-state';
import { useDiff } from '../api/get-diff';
import { DiffView } from './diff-view';

export function DiffPanel({ component, generations }: { component: string; generations: GenerationInfo[] }) {
  const valid = generations.filter((info) => info.status === 'valid').map((info) => info.generation);
  const [state, setState] = useUrlState({ diffFrom: valid[1] ?? '', diffTo: valid[0] ?? '' });
  const seqOf = (generation: string) => generations.find((info) => info.generation === generation)?.seq;
  const diff = useDiff(component, state.diffFrom, state.diffTo, [seqOf(state.diffFrom), seqOf(state.diffTo)]);
  const id = useId();
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Diff between generations</h2>
      <div className="toolbar">
        <label htmlFor={`${id}-from`}>From</label>
        <ChoiceSelect id={`${id}-from`} value={state.diffFrom} options={valid} blankLabel="choose…" onChange={(diffFrom) => setState({ diffFrom }, { replace: true })} />
        <label htmlFor={`${id}-to`}>To</label>
        <ChoiceSelect id={`${id}-to`} value={state.diffTo} options={valid} blankLabel="choose…" onChange={(diffTo) => setState({ diffTo }, { replace: true })} />
      </div>
      {valid.length < 2 ? (
        <p className="state state-empty">A diff needs two valid generations; this component has {valid.length}.</p>
      ) : state.diffFrom === state.diffTo || !state.diffFrom || !state.diffTo ? (
        <p className="state state-empty">Choose two different generations.</p>
      ) : (
        <QueryState label="diff" isPending={diff.isPending} error={diff.error}>
          {diff.data ? <DiffView diff={diff.data} /> : null}
        </QueryState>
      )}
    </section>
  );
}
