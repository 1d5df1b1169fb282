import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newEmailTemplate, uniqueCode, useTemplateService } from './template-service.fixture';

describe('template versions', () => {
  const fx = useTemplateService();

  it('reads the latest version of a code', async () => {
    const code = uniqueCode();
    await fx.client.POST('/api/v1/templates', { body: newEmailTemplate(code) });
    await fx.client.POST('/api/v1/templates', { body: newEmailTemplate(code, { body: 'Second {{name}}' }) });
    const { data, response } = await fx.client.GET('/api/v1/templates/{code}', {
      params: { path: { code } },
    });
    assert.equal(response.status, 200);
    assert.equal(data?.data.version, 2);
    assert.equal(data?.data.body, 'Second {{name}}');
  });

  it('lists the history of a code and language, newest first', async () => {
    const code = uniqueCode();
    for (const n of [1, 2, 3])
      await fx.client.POST('/api/v1/templates', { body: newEmailTemplate(code, { body: `v${n}` }) });
    await fx.client.POST('/api/v1/templates', { body: newEmailTemplate(code, { language: 'fr' }) });
    const { data, response } = await fx.client.GET('/api/v1/templates/{code}/versions', {
      params: { path: { code }, query: { language: 'en' } },
    });
    assert.equal(response.status, 200);
    assert.deepEqual(
      data?.data.map((t) => [t.language, t.version, t.body]),
      [
        ['en', 3, 'v3'],
        ['en', 2, 'v2'],
        ['en', 1, 'v1'],
      ],
    );
  });

  it('lists every language of a code when no language is asked for', async () => {
    const code = uniqueCode();
    await fx.client.POST('/api/v1/templates', { body: newEmailTemplate(code) });
    await fx.client.POST('/api/v1/templates', { body: newEmailTemplate(code, { language: 'fr' }) });
    const { data } = await fx.client.GET('/api/v1/templates/{code}/versions', { params: { path: { code } } });
    assert.deepEqual(
      data?.data.map((t) => `${t.language}:${t.version}`),
      ['fr:1', 'en:1'],
    );
  });

  it('answers 404 template_not_found for an unknown code', async () => {
    const code = uniqueCode('missing');
    const read = await fx.client.GET('/api/v1/templates/{code}', { params: { path: { code } } });
    assert.equal(read.response.status, 404);
    assert.equal(read.error?.error, 'template_not_found');
    const history = await fx.client.GET('/api/v1/templates/{code}/versions', { params: { path: { code } } });
    assert.equal(history.response.status, 404);
    assert.equal(history.error?.error, 'template_not_found');
  });

  it('numbers ten concurrent creates 1 to 10, without gaps or duplicates', async () => {
    const code = uniqueCode();
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        fx.client.POST('/api/v1/templates', { body: newEmailTemplate(code, { body: `copy ${n}` }) }),
      ),
    );
    assert.deepEqual(
      answers.map((a) => a.response.status),
      Array(10).fill(201),
    );
    const versions = answers.map((a) => a.data?.data.version).sort((a, b) => (a ?? 0) - (b ?? 0));
    assert.deepEqual(versions, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const { data } = await fx.client.GET('/api/v1/templates/{code}/versions', { params: { path: { code } } });
    assert.deepEqual(
      data?.data.map((t) => t.version),
      [10, 9, 8, 7, 6, 5, 4, 3, 2, 1],
    );
  });
});
