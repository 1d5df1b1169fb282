import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createBatcher } from '../src/index';

describe('a batcher', () => {
  it('runs concurrent calls as one batch and answers each caller with its own result or error', async () => {
    const batches: number[][] = [];
    const batcher = createBatcher<number, number>({
      run: async (items) => {
        batches.push([...items]);
        return items.map((item) => (item < 0 ? new Error(`negative ${item}`) : item * 2));
      },
    });
    const results = await Promise.allSettled([1, -1, 3].map((item) => batcher.add(item)));
    assert.deepEqual(
      results.map((result) => (result.status === 'fulfilled' ? result.value : (result.reason as Error).message)),
      [2, 'negative -1', 6],
    );
    assert.deepEqual(batches, [[1, -1, 3]]);
  });

  it('starts another batch past maxBatchSize', async () => {
    const sizes: number[] = [];
    const batcher = createBatcher<number, number>({
      maxBatchSize: 4,
      run: async (items) => {
        sizes.push(items.length);
        return [...items];
      },
    });
    await Promise.all(Array.from({ length: 10 }, (_, index) => batcher.add(index)));
    assert.deepEqual(sizes, [4, 4, 2]);
  });
});
