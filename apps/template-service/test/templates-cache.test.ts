import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { newEmailTemplate, uniqueCode, useTemplateService } from './template-service.fixture';

describe('the template cache', () => {
  const fx = useTemplateService();

  async function cachedKeys(redis: Redis, pattern: string): Promise<string[]> {
    return redis.keys(`${fx.ns.redisKeyPrefix}templates:${pattern}`);
  }

  it('keeps a render and a latest lookup after the first request', async () => {
    const redis = new Redis(fx.ns.redisUrl);
    try {
      const code = uniqueCode();
      await fx.client.POST('/api/v1/templates', { body: newEmailTemplate(code) });
      await fx.client.POST('/api/v1/templates/{code}/render', {
        params: { path: { code } },
        body: { variables: { name: 'Ada', link: 'l' } },
      });
      assert.equal((await cachedKeys(redis, `rendered:${code}:*`)).length, 1);
      assert.equal((await cachedKeys(redis, `latest:${code}:*`)).length, 1);
    } finally {
      redis.disconnect();
    }
  });

  it('is dropped when a new version is created, so the next render uses it', async () => {
    const code = uniqueCode();
    const variables = { name: 'Ada', link: 'l' };
    const render = () =>
      fx.client.POST('/api/v1/templates/{code}/render', { params: { path: { code } }, body: { variables } });
    await fx.client.POST('/api/v1/templates', { body: newEmailTemplate(code) });
    assert.equal((await render()).data?.data.subject, 'Welcome, Ada');
    assert.equal((await render()).data?.data.version, 1);
    const read = await fx.client.GET('/api/v1/templates/{code}', { params: { path: { code } } });
    assert.equal(read.data?.data.version, 1);

    await fx.client.POST('/api/v1/templates', {
      body: newEmailTemplate(code, { subject: 'Hello again, {{name}}' }),
    });
    const after = await render();
    assert.equal(after.data?.data.subject, 'Hello again, Ada');
    assert.equal(after.data?.data.version, 2);
    const reread = await fx.client.GET('/api/v1/templates/{code}', { params: { path: { code } } });
    assert.equal(reread.data?.data.version, 2);
  });

  it('is dropped for every language when any language gets a new version', async () => {
    const code = uniqueCode();
    await fx.client.POST('/api/v1/templates', { body: newEmailTemplate(code) });
    const readPt = () =>
      fx.client.GET('/api/v1/templates/{code}', { params: { path: { code }, query: { language: 'pt-BR' } } });
    assert.equal((await readPt()).data?.data.language, 'en');
    await fx.client.POST('/api/v1/templates', { body: newEmailTemplate(code, { language: 'pt' }) });
    assert.equal((await readPt()).data?.data.language, 'pt');
  });
});
