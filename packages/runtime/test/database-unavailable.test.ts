import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { isDatabaseUnavailable } from '../src/db/database-unavailable';
import { DatabaseEnv, loadConfig } from '../src/index';

/** The error node-postgres gives a query through a pool made with `options`, or undefined if it succeeded. */
async function errorOfQuery(options: pg.PoolConfig, text = 'SELECT 1'): Promise<unknown> {
  const pool = new pg.Pool({ ...options, connectionTimeoutMillis: 2_000 });
  pool.on('error', () => undefined);
  try {
    await pool.query(text);
    return undefined;
  } catch (error) {
    return error;
  } finally {
    await pool.end();
  }
}

describe('what counts as the database being away', () => {
  // Stands for a database (or a proxy before it) that goes away under a connection: it resets every one.
  const resetting = net.createServer((socket) => socket.once('data', () => socket.resetAndDestroy()));
  let resettingPort = 0;
  before(async () => {
    await new Promise<void>((resolve) => resetting.listen(0, '127.0.0.1', resolve));
    resettingPort = (resetting.address() as net.AddressInfo).port;
  });
  after(() => resetting.close());

  it('a connection reset under a query', async () => {
    const error = await errorOfQuery({
      host: '127.0.0.1',
      port: resettingPort,
      user: 'herald',
      database: 'herald',
    });
    assert.equal((error as { code?: string }).code, 'ECONNRESET');
    assert.equal(isDatabaseUnavailable(error), true);
  });

  it('a refused connection', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await errorOfQuery({ host: '127.0.0.1', port, user: 'herald', database: 'herald' });
    assert.equal(isDatabaseUnavailable(error), true);
  });

  it('but not a query PostgreSQL refused', async () => {
    const { DATABASE_URL } = loadConfig(DatabaseEnv);
    const error = await errorOfQuery({ connectionString: DATABASE_URL }, 'SELECT * FROM no_such_table');
    assert.equal((error as { code?: string }).code, '42P01');
    assert.equal(isDatabaseUnavailable(error), false);
  });
});
