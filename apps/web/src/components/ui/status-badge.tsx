// A coloured, labelled status word (never colour alone).

export type Tone = 'ok' | 'warning' | 'error' | 'neutral';

export function StatusBadge({ tone, children, title }: { tone: Tone; children: string; title?: string }) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}
