import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createBatcher } from '../src/index';

describe('a batcher', () => {
  it('answers each caller with its own result, an error only to its own caller', async () => {
    const batcher = createBatcher<number, number>({
      run: async (items) => items.map((item) => (item < 0 ? new Error(`negative ${item}`) : item * 2)),
    });
    const results = await Promise.allSettled([1, -1, 3].map((item) => batcher.add(item)));
    assert.deepEqual(
      results.map((result) => (result.status === 'fulfilled' ? result.value : (result.reason as Error).message)),
      [2, 'negative -1', 6],
    );
  });

  it('gathers what arrives while the running batches hold every slot into the next batch', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const batcher = createBatcher<number, number>({
      maxConcurrentBatches: 1,
      run: async (items) => {
        batches.push([...items]);
        if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
        return [...items];
      },
    });
    const first = batcher.add(0);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const rest = Array.from({ length: 10 }, (_, index) => batcher.add(index + 1));
    // Several turns of the event loop pass while the first batch holds the only slot.
    for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(batches.length, 1);
    release();
    assert.deepEqual(await Promise.all([first, ...rest]), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.deepEqual(batches, [[0], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]]);
  });
});
