import type { CompiledQuery, QueryExecutorProvider, QueryResult } from 'kysely';
import pg from 'pg';

/** A Kysely instance or a transaction: what can compile a query and run it. */
export interface QueryRunner extends QueryExecutorProvider {
  executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>>;
}

/** Statement texts to run as named prepared statements, with their names. */
const preparedNames = new Map<string, string>();

/**
 * Runs `query` as a named prepared statement: each connection has PostgreSQL parse and analyse its text once and,
 * after five runs, plan it once, if a generic plan costs no more than the custom ones did. Only for a hot statement
 * that has no plan to choose: one that writes rows passed as arrays and joins only its own CTEs, as the accept does
 * (its planning took 0.2 ms a call, a third of its run). A statement that reads a table keeps the plan made the
 * first times it ran, when the table may have been empty: tried on the status update and the outbox claim, the
 * cached plans scanned whole tables and ran five times longer. Behind PgBouncer in transaction mode, named statements
 * need its `max_prepared_statements` (1.21 and later).
 */
export async function executePrepared<R>(
  db: QueryRunner,
  query: { compile(db: QueryExecutorProvider): CompiledQuery<R> },
): Promise<QueryResult<R>> {
  const compiled = query.compile(db);
  if (!preparedNames.has(compiled.sql)) preparedNames.set(compiled.sql, `herald_${preparedNames.size + 1}`);
  return db.executeQuery(compiled);
}

/** The pool's client: runs the statements `executePrepared` named as named statements, the rest unnamed. */
export class PreparingClient extends pg.Client {
  override query(...args: unknown[]): never {
    const [text, values] = args;
    if (typeof text === 'string' && args.length === 2) {
      const name = preparedNames.get(text);
      if (name !== undefined) return (super.query as (config: unknown) => never)({ name, text, values });
    }
    return (super.query as (...rest: unknown[]) => never)(...args);
  }
}
