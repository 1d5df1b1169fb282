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
  /**
   * How many batches may run at once. While they all run, the next batch keeps filling (up to maxBatchSize)
   * instead of leaving with whatever one turn brought, as a database's group commit does: under load, fewer
   * and larger batches; when idle, no wait at all. Default: no limit.
   */
  readonly maxConcurrentBatches?: number;
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
  const maxConcurrent = options.maxConcurrentBatches ?? Number.POSITIVE_INFINITY;
  let running = 0;
  const ready: (() => void)[] = [];

  function dispatchWhenFree(dispatch: () => void): void {
    if (running < maxConcurrent) dispatch();
    else ready.push(dispatch);
  }

  async function run(items: readonly In[]): Promise<(Out | Error)[]> {
    running += 1;
    try {
      return (await options.run(items)) as (Out | Error)[];
    } finally {
      running -= 1;
      ready.shift()?.();
    }
  }

  const loader = new DataLoader<In, Out>(run, {
    cache: false,
    maxBatchSize: options.maxBatchSize ?? 256,
    batchScheduleFn:
      maxWaitMs > 0
        ? (dispatch: () => void) => setTimeout(() => dispatchWhenFree(dispatch), maxWaitMs)
        : (dispatch: () => void) => setImmediate(() => dispatchWhenFree(dispatch)),
  });
  return { add: (item) => loader.load(item) };
}
