// Prometheus text exposition format (0.0.4), written by hand: a few metric families only.

const escape = (value: string): string => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

/** Series keys are JSON arrays of label values, in the order of `labels`. */
function labelText(labels: string[], key: string, extra = ''): string {
  const values = JSON.parse(key) as string[];
  const parts = labels.map((label, i) => `${label}="${escape(String(values[i]))}"`);
  if (extra !== '') parts.push(extra);
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}

export class PrometheusText {
  readonly #lines: string[] = [];

  #family(name: string, help: string, type: string): void {
    this.#lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
  }

  gauge(name: string, help: string, labels: string[], series: Map<string, number>): void {
    this.#family(name, help, 'gauge');
    for (const [key, value] of series) this.#lines.push(`${name}${labelText(labels, key)} ${value}`);
  }

  counter(name: string, help: string, labels: string[], series: Map<string, number>): void {
    this.#family(name, help, 'counter');
    for (const [key, value] of series) this.#lines.push(`${name}${labelText(labels, key)} ${value}`);
  }

  histogram(name: string, help: string, labels: string[], bounds: number[], series: Map<string, { buckets: number[]; sum: number; count: number }>): void {
    this.#family(name, help, 'histogram');
    for (const [key, state] of series) {
      bounds.forEach((bound, i) => this.#lines.push(`${name}_bucket${labelText(labels, key, `le="${bound}"`)} ${state.buckets[i]}`));
      this.#lines.push(`${name}_bucket${labelText(labels, key, 'le="+Inf"')} ${state.count}`);
      this.#lines.push(`${name}_sum${labelText(labels, key)} ${state.sum}`);
      this.#lines.push(`${name}_count${labelText(labels, key)} ${state.count}`);
    }
  }

  toString(): string {
    return `${this.#lines.join('\n')}\n`;
  }
}
