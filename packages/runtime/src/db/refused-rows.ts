// Class 22 (bad data) and 23 (a constraint): Postgres refused a row, not the connection.
const refusedRow = /^2[23][0-9A-Z]{3}$/;

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/**
 * Runs `run` over a whole batch of rows; when Postgres refuses the data, runs each item alone so that only the
 * bad one fails (its Error in its place). Any other error (no connection) fails the batch as a whole, without a
 * query per item. For batchers whose callers must not fail because of a neighbour's row.
 */
export async function isolatingRefusedRows<In, Out>(
  items: readonly In[],
  run: (items: readonly In[]) => Promise<readonly Out[]>,
): Promise<(Out | Error)[]> {
  try {
    return [...(await run(items))];
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (items.length === 1 || typeof code !== 'string' || !refusedRow.test(code)) {
      return items.map(() => asError(error));
    }
    return Promise.all(
      items.map((item) =>
        run([item]).then(
          ([result]) => result as Out,
          (alone: unknown) => asError(alone),
        ),
      ),
    );
  }
}
