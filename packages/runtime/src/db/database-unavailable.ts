// Node's errors for a connection that could not be made or broke under a query: a reset (the server or a proxy
// between went away mid-query) reaches the caller as `read ECONNRESET`, not as node-postgres' own words.
const brokenConnectionCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * Whether an error says the database is away rather than anything wrong with the query: PostgreSQL's connection
 * exceptions (SQLSTATE class 08) and shutdown or start-up (57P), a connection refused or broken, and
 * node-postgres' own words for a connection that broke or could not be had in time. Kept beside the driver it
 * knows; the error middleware answers such a failure 503, since the caller may retry and nothing it sent is lost.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (
    typeof code === 'string' &&
    (code.startsWith('08') || code.startsWith('57P') || brokenConnectionCodes.has(code))
  )
    return true;
  return (
    typeof message === 'string' &&
    /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/.test(
      message,
    )
  );
}
