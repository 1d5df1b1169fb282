import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { newEmailTemplate, uniqueCode, useTemplateService } from './template-service.fixture';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

describe('a Redis outage', () => {
  let redis: TcpProxy | undefined;
  const fx = useTemplateService({
    prepareEnv: async (env) => {
      redis = await startTcpProxy(env.REDIS_URL ?? '');
      return { ...env, REDIS_URL: redis.url };
    },
  });
  after(() => redis?.cut());

  it('turns the cache into misses: templates are still created, read and rendered', async () => {
    const code = uniqueCode();
    await fx.client.POST('/api/v1/templates', { body: newEmailTemplate(code) });
    const variables = { name: 'Ada', link: 'l' };
    await fx.client.POST('/api/v1/templates/{code}/render', {
      params: { path: { code } },
      body: { variables },
    });

    await redis?.cut();
    const created = await fx.client.POST('/api/v1/templates', {
      body: newEmailTemplate(code, { subject: 'v2 {{name}}' }),
    });
    assert.equal(created.response.status, 201);
    const read = await fx.client.GET('/api/v1/templates/{code}', { params: { path: { code } } });
    assert.equal(read.response.status, 200);
    assert.equal(read.data?.data.version, 2);
    const rendered = await fx.client.POST('/api/v1/templates/{code}/render', {
      params: { path: { code } },
      body: { variables },
    });
    assert.equal(rendered.response.status, 200);
    assert.equal(rendered.data?.data.subject, 'v2 Ada');

    const ready = await fetch(`${fx.service.url}/ready`);
    assert.equal(ready.status, 503);
  });
});
