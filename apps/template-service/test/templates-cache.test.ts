import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createHeraldClient } from '@herald/api-client';
import { loadConfig } from '@herald/runtime';
import { namespaceEnv } from '@herald/testing';
import { TemplateServiceEnv } from '../src/config';
import { startTemplateService } from '../src/template-service';
import { newEmailTemplate, uniqueCode, useTemplateService } from './template-service.fixture';

describe('the template cache', () => {
  const fx = useTemplateService();

  it('is dropped on every copy of the service when any copy creates a version', async () => {
    const env = namespaceEnv(fx.ns, 'templates');
    const other = await startTemplateService(loadConfig(TemplateServiceEnv, env), {
      database: env.DATABASE_NAME,
      redisKeyPrefix: env.REDIS_KEY_PREFIX,
      port: 0,
    });
    try {
      const otherClient = createHeraldClient({ baseUrl: other.url });
      const code = uniqueCode();
      const variables = { name: 'Ada', link: 'l' };
      const renderOnOther = () =>
        otherClient.POST('/api/v1/templates/{code}/render', {
          params: { path: { code } },
          body: { variables },
        });
      await fx.client.POST('/api/v1/templates', { body: newEmailTemplate(code) });
      assert.equal((await renderOnOther()).data?.data.version, 1);
      assert.equal((await renderOnOther()).data?.data.version, 1);

      await fx.client.POST('/api/v1/templates', {
        body: newEmailTemplate(code, { subject: 'Hello again, {{name}}' }),
      });
      const after = await renderOnOther();
      assert.equal(after.data?.data.version, 2);
      assert.equal(after.data?.data.subject, 'Hello again, Ada');
    } finally {
      await other.close();
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
