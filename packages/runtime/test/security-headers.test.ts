import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import express from 'express';
import helmet from 'helmet';
import { createHttpApp, createLogger, createMetrics } from '../src/index';

const log = createLogger({ service: 'runtime-test', level: 'silent' });

async function headersOf(app: express.Express, path: string): Promise<Record<string, string>> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  after(() => server.close());
  const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`);
  await response.arrayBuffer();
  return Object.fromEntries(response.headers);
}

describe('security headers', () => {
  it("sets on every answer exactly the headers helmet's defaults set", async () => {
    const plain = express();
    plain.use(helmet());
    plain.get('/health', (_req, res) => void res.json({}));
    const expected = await headersOf(plain, '/health');

    const ours = await headersOf(
      createHttpApp({ service: 'test', log, metrics: createMetrics('test'), readiness: [], routes: () => undefined }),
      '/health',
    );
    const securityNames = Object.keys(expected).filter(
      (name) => !['content-length', 'content-type', 'date', 'etag', 'connection', 'keep-alive'].includes(name),
    );
    assert.ok(securityNames.length >= 10, `helmet set only ${securityNames.join(', ')}`);
    for (const name of securityNames) assert.equal(ours[name], expected[name], name);
    assert.equal(ours['x-powered-by'], undefined);
  });
});
