// "Pin this generation": an operator keeps a valid chain generation, with a note, outside the
// rotation. The seq the operator saw is sent along, so a generation that rotated meanwhile is refused.

import { useState, type FormEvent } from 'react';
import type { GenerationInfo, PinnableGeneration } from '@quantum/api-contract';
import { Field } from '../../../components/ui/field';
import { messageOf } from '../../../components/ui/query-state';
import { useCurrentSession } from '../../../app/session-context';
import { usePinGeneration } from '../api/pins';
import { useReadOnlyReason } from '../../installations/api/use-shown-installation';

const NOTE_MAX = 500;

export function PinForm({ component, generations }: { component: string; generations: GenerationInfo[] }) {
  const session = useCurrentSession();
  const isOperator = session?.role === 'operator';
  const pinnable = generations.filter((info) => info.status === 'valid' && info.seq !== undefined);
  const [chosen, setChosen] = useState('');
  const [note, setNote] = useState('');
  const pin = usePinGeneration(component);
  const target = pinnable.find((info) => info.generation === chosen) ?? pinnable[0];
  const readOnly = useReadOnlyReason();
  const disabled = !isOperator || readOnly !== undefined || target === undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (disabled || note.trim() === '') return;
    pin.mutate(
      { generation: target.generation as PinnableGeneration, note: note.trim(), ...(target.seq !== undefined ? { expectedSeq: target.seq } : {}) },
      { onSuccess: () => setNote('') },
    );
  };

  return (
    <form className="pin-form" onSubmit={submit} aria-label="Pin a generation">
      <h2>Pin this generation</h2>
      {session && !isOperator ? (
        <p role="note" className="muted">
          Pinning is unavailable: you are signed in as <strong>{session.actor}</strong> with the viewer role. Pinning and unpinning change what is kept on disk, so they need an operator token.
        </p>
      ) : null}
      {readOnly ? (
        <p role="note" className="muted">
          Pinning is unavailable: {readOnly}.
        </p>
      ) : null}
      {isOperator && pinnable.length === 0 ? <p className="muted">No generation of {component} verifies, so there is nothing to pin.</p> : null}
      <div className="toolbar">
        <Field label="Generation">
          {(id) => (
            <select id={id} value={target?.generation ?? ''} onChange={(event) => setChosen(event.target.value)} disabled={disabled}>
              {pinnable.map((info) => (
                <option key={info.generation} value={info.generation}>
                  {info.generation} (seq {info.seq})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Note (why keep it; kept with the pin and in the audit log)">
          {(id) => <input id={id} value={note} onChange={(event) => setNote(event.target.value)} disabled={disabled} maxLength={NOTE_MAX} required autoComplete="off" />}
        </Field>
        <button type="submit" disabled={disabled || note.trim() === '' || pin.isPending}>
          {pin.isPending ? 'Pinning…' : `Pin ${target ? `${target.generation} (seq ${target.seq})` : 'generation'}`}
        </button>
      </div>
      {pin.isError ? (
        <p role="alert" className="form-error">
          Pin refused: {messageOf(pin.error)}
        </p>
      ) : null}
      {pin.isSuccess ? (
        <p role="status">
          Pinned {pin.data.generation} as {pin.data.pin.ref}.
        </p>
      ) : null}
    </form>
  );
}
