import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  correlationHeader,
  createUpstreamPool,
  requestUpstream,
  TransientDeliveryError,
  withCorrelationId,
} from '../src/index';

const bodyOf = async (req: IncomingMessage) => {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text;
};

describe('requestUpstream', () => {
  let server: Server;
  let baseUrl: string;
  let connections = 0;
  let pool: ReturnType<typeof createUpstreamPool>;

  before(async () => {
    server = createServer((req, res) => {
      void bodyOf(req).then((text) => {
        const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
          res.writeHead(status, { 'content-type': 'application/json', ...headers });
          res.end(JSON.stringify(body));
        };
        if (req.url === '/echo') {
          json(200, {
            data: {
              correlation: req.headers[correlationHeader] ?? null,
              type: req.headers['content-type'],
              text,
            },
          });
        } else if (req.url === '/busy') json(503, { message: 'down for a moment' }, { 'retry-after': '2' });
        else if (req.url === '/limited') json(429, { message: 'slow down' }, { 'retry-after': '3' });
        else if (req.url === '/missing') json(404, { message: 'no such thing' });
        else if (req.url === '/text') res.end('not json');
        // /silent never answers.
      });
    });
    server.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    pool = createUpstreamPool(baseUrl, { connectTimeoutMs: 1_000 });
  });
  after(async () => {
    await pool.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const call = (path: string, options: { timeoutMs?: number; signal?: AbortSignal; json?: unknown } = {}) =>
    requestUpstream('test service', `${baseUrl}${path}`, {
      method: options.json === undefined ? 'GET' : 'POST',
      json: options.json,
      timeoutMs: options.timeoutMs ?? 2_000,
      signal: options.signal ?? new AbortController().signal,
      dispatcher: pool,
    });

  const transient = async (answer: Promise<unknown>, pattern: RegExp) => {
    const error = await answer.then(
      () => assert.fail('expected a TransientDeliveryError'),
      (thrown: unknown) => thrown,
    );
    assert.ok(error instanceof TransientDeliveryError, String(error));
    assert.match(error.message, pattern);
    return error;
  };

  it('posts JSON and returns the parsed answer, with the correlation id forwarded', async () => {
    const answer = await withCorrelationId('corr-1', () => call('/echo', { json: { a: 1 } }));
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, {
      data: { correlation: 'corr-1', type: 'application/json', text: '{"a":1}' },
    });
  });

  it('returns a 4xx other than 429 for the caller to read', async () => {
    assert.deepEqual(await call('/missing'), { status: 404, body: { message: 'no such thing' } });
  });

  it('returns an answer that is not JSON without a body', async () => {
    assert.deepEqual(await call('/text'), { status: 200, body: undefined });
  });

  it('throws a 5xx and a 429 as transient, honouring their retry-after', async () => {
    const busy = await transient(call('/busy'), /^test service answered 503: down for a moment$/);
    assert.equal(busy.retryAfterMs, 2_000);
    const limited = await transient(call('/limited'), /^test service answered 429: slow down$/);
    assert.equal(limited.retryAfterMs, 3_000);
  });

  it('throws a call whose answer takes longer than its timeout as transient', async () => {
    const startedAt = Date.now();
    await transient(call('/silent', { timeoutMs: 200 }), /^test service unreachable: .*Timeout/);
    assert.ok(Date.now() - startedAt < 1_500);
  });

  it('ends the call when the attempt’s signal aborts', async () => {
    const startedAt = Date.now();
    await transient(call('/silent', { signal: AbortSignal.timeout(150) }), /^test service unreachable/);
    assert.ok(Date.now() - startedAt < 1_500);
  });

  it('throws a service that is not listening as transient', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = createUpstreamPool(`http://127.0.0.1:${port}`, { connectTimeoutMs: 1_000 });
    await transient(
      requestUpstream('test service', `http://127.0.0.1:${port}/echo`, {
        method: 'GET',
        timeoutMs: 1_000,
        signal: new AbortController().signal,
        dispatcher: refused,
      }),
      /^test service unreachable: .*ECONNREFUSED/,
    );
    await refused.destroy();
  });

  // Runs after an aborted call and a refused connection, which made undici's Agent reconnect on every call.
  it('keeps its connections open between calls', async () => {
    const before = connections;
    for (let i = 0; i < 20; i += 1) await call(i % 2 ? '/missing' : '/busy').catch(() => undefined);
    // undici checks an idle connection before reusing it, so back-to-back calls may open a second one.
    assert.ok(connections - before <= 2, `${connections - before} connections for 20 calls`);
  });
});
