import DataLoader from 'dataloader';

export interface BatcherOptions<In, Out> {
  /** Runs one batch; answers one result (or an Error for that item alone) per item, in order. */
  readonly run: (items: readonly In[]) => Promise<readonly (Out | Error)[]>;
  /** The most items one batch carries; more start the next batch. */
  readonly maxBatchSize?: number;
  /**
   * How long the first item of a batch waits for company. 0 (the default) batches what arrives in the same turn
   * of the event loop (every socket read of one poll): under load that is plenty, and a lone request waits for
   * nothing.
   */
  readonly maxWaitMs?: number;
}

export interface Batcher<In, Out> {
  /** Adds an item to the next batch; resolves with its own result once that batch has run. */
  add(item: In): Promise<Out>;
}

/**
 * Groups concurrent calls into one batch (one statement, one commit, one round trip) and answers each caller
 * with its own result, as DataLoader does for reads. Items are never cached or merged: every call is run.
 */
export function createBatcher<In, Out>(options: BatcherOptions<In, Out>): Batcher<In, Out> {
  const maxWaitMs = options.maxWaitMs ?? 0;
  const loader = new DataLoader<In, Out>((items) => options.run(items) as Promise<(Out | Error)[]>, {
    cache: false,
    maxBatchSize: options.maxBatchSize ?? 256,
    batchScheduleFn:
      maxWaitMs > 0
        ? (run: () => void) => setTimeout(run, maxWaitMs)
        : (run: () => void) => setImmediate(run),
  });
  return { add: (item) => loader.load(item) };
}
