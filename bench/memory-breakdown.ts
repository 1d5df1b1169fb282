import type { ServiceProcess } from './service-process';

/** Where a process's memory is, from its own /metrics (prom-client's default metrics), in MB. */
export interface MemoryBreakdown {
  readonly name: string;
  readonly rss_mb: number;
  /** V8 heap of the main thread: reserved, and in use. */
  readonly heap_total_mb: number;
  readonly heap_used_mb: number;
  /** Buffers and other memory V8 objects hold outside the heap. */
  readonly external_mb: number;
  /** The rest: code, other threads' heaps, native allocations. */
  readonly other_mb: number;
}

const gauges = {
  rss: 'process_resident_memory_bytes',
  heapTotal: 'nodejs_heap_size_total_bytes',
  heapUsed: 'nodejs_heap_size_used_bytes',
  external: 'nodejs_external_memory_bytes',
} as const;

function gauge(text: string, name: string): number {
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})?\\s+([0-9.e+]+)`, 'm').exec(text);
  return match ? Number(match[1]) / 2 ** 20 : 0;
}

/** Reads each running service's memory gauges; a service that does not answer is left out. */
export async function memoryBreakdown(services: readonly ServiceProcess[]): Promise<MemoryBreakdown[]> {
  const read = async (service: ServiceProcess): Promise<MemoryBreakdown | undefined> => {
    if (!service.isRunning()) return undefined;
    const response = await fetch(`${service.url}/metrics`, { signal: AbortSignal.timeout(5_000) }).catch(
      () => undefined,
    );
    if (!response?.ok) return undefined;
    const text = await response.text();
    const [rss, heapTotal, heapUsed, external] = [
      gauges.rss,
      gauges.heapTotal,
      gauges.heapUsed,
      gauges.external,
    ].map((name) => gauge(text, name)) as [number, number, number, number];
    return {
      name: service.name,
      rss_mb: Math.round(rss),
      heap_total_mb: Math.round(heapTotal),
      heap_used_mb: Math.round(heapUsed),
      external_mb: Math.round(external),
      other_mb: Math.round(rss - heapTotal - external),
    };
  };
  const all = await Promise.all(services.map(read));
  return all.filter((entry): entry is MemoryBreakdown => entry !== undefined);
}
