import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Resend } from 'resend';
import { createUpstreamPool } from '@herald/runtime';
import { PooledResend } from '../src/resend/pooled-resend';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

// Answers by the email's subject, so both clients get the very same answer for the same send.
const answers: Record<string, (res: ServerResponse) => void> = {
  ok: (res) =>
    res.writeHead(200, { 'content-type': 'application/json', 'x-request': 'a' }).end('{"id":"4ef9a417"}'),
  invalid: (res) =>
    res
      .writeHead(422, { 'content-type': 'application/json' })
      .end('{"statusCode":422,"name":"validation_error","message":"Invalid `to` field."}'),
  limited: (res) =>
    res
      .writeHead(429, { 'content-type': 'application/json', 'retry-after': '3' })
      .end('{"statusCode":429,"name":"rate_limit_exceeded","message":"Too many requests."}'),
  html502: (res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad gateway</html>'),
  notJson200: (res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('fine'),
  hangUp: (res) => res.socket?.destroy(),
};

describe('the Resend SDK on an undici pool', () => {
  let server: Server;
  let baseUrl: string;
  const seen: Seen[] = [];
  const pool = () => createUpstreamPool(baseUrl, { connectTimeoutMs: 1_000 });

  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        const subject = (JSON.parse(body || '{}') as { subject?: string }).subject ?? 'ok';
        (answers[subject] ?? answers.ok!)(res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // A path prefix, as a proxy in front of Resend would have.
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/resend/`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function send(client: Resend, subject: string) {
    return client.emails.send(
      { from: 'Herald <hi@example.com>', to: 'ada@example.com', subject, text: 'Hello' },
      { idempotencyKey: 'notification-1' },
    );
  }

  for (const subject of Object.keys(answers)) {
    it(`answers as the SDK's own fetch does: ${subject}`, async () => {
      const viaFetch = await send(new Resend('re_test', { baseUrl: baseUrl.replace(/\/+$/, '') }), subject);
      const fetchRequest = seen.at(-1)!;
      const viaPool = await send(new PooledResend('re_test', { baseUrl, pool: pool() }), subject);
      const poolRequest = seen.at(-1)!;

      assert.deepEqual(
        { data: viaPool.data, error: viaPool.error },
        { data: viaFetch.data, error: viaFetch.error },
      );
      if (viaFetch.headers === null) assert.equal(viaPool.headers, null);
      else
        for (const name of ['content-type', 'retry-after', 'x-request'])
          assert.equal(viaPool.headers?.[name], viaFetch.headers[name], name);

      assert.equal(poolRequest.method, fetchRequest.method);
      assert.equal(poolRequest.url, '/resend/emails');
      assert.equal(poolRequest.url, fetchRequest.url);
      assert.equal(poolRequest.body, fetchRequest.body);
      for (const name of ['authorization', 'idempotency-key', 'content-type', 'user-agent'])
        assert.equal(poolRequest.headers[name], fetchRequest.headers[name], name);
    });
  }

  it('answers as the SDK does when nothing listens', async () => {
    const closed = 'http://127.0.0.1:1/';
    const viaFetch = await send(new Resend('re_test', { baseUrl: closed }), 'ok');
    const viaPool = await send(
      new PooledResend('re_test', {
        baseUrl: closed,
        pool: createUpstreamPool(closed, { connectTimeoutMs: 1_000 }),
      }),
      'ok',
    );
    assert.deepEqual(viaPool, viaFetch);
  });
});
