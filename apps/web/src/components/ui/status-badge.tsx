// A coloured, labelled status word (never colour alone).

export type Tone = 'ok' | 'warning' | 'error' | 'neutral';

export function StatusBadge({ tone, children }: { tone: Tone; children: string }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}
