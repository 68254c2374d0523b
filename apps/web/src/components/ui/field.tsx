// A labelled form control: the label names the control by id, so its accessible name is the label alone.

import { useId, type ReactNode } from 'react';

export function Field({ label, children }: { label: ReactNode; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}
