/** One sample of a Prometheus text exposition: `name{labels} value`. */
export interface PrometheusSample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** The samples of one metric in a `/metrics` page (label values without escapes, as prom-client writes ours). */
export function samplesOf(text: string, name: string): PrometheusSample[] {
  const line = new RegExp(`^${name}(?:\\{([^}]*)\\})?\\s+(\\S+)`, 'gm');
  const samples: PrometheusSample[] = [];
  for (const match of text.matchAll(line)) {
    const labels: Record<string, string> = {};
    for (const label of (match[1] ?? '').matchAll(/(\w+)="([^"]*)"/g))
      labels[label[1] ?? ''] = label[2] ?? '';
    samples.push({ labels, value: Number(match[2]) });
  }
  return samples;
}
