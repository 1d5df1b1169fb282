import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newEmailTemplate, uniqueCode, useTemplateService } from './template-service.fixture';

describe('language fallback', () => {
  const fx = useTemplateService();

  async function languageServed(code: string, language: string | undefined) {
    const { data } = await fx.client.GET('/api/v1/templates/{code}', {
      params: { path: { code }, query: language === undefined ? {} : { language } },
    });
    return data?.data.language;
  }

  it('serves the exact language, then the base language, then the default', async () => {
    const code = uniqueCode();
    await fx.client.POST('/api/v1/templates', { body: newEmailTemplate(code) });
    assert.equal(await languageServed(code, 'pt-BR'), 'en');

    await fx.client.POST('/api/v1/templates', { body: newEmailTemplate(code, { language: 'pt' }) });
    assert.equal(await languageServed(code, 'pt-BR'), 'pt');

    await fx.client.POST('/api/v1/templates', { body: newEmailTemplate(code, { language: 'pt-BR' }) });
    assert.equal(await languageServed(code, 'pt-BR'), 'pt-BR');
    assert.equal(await languageServed(code, 'pt-PT'), 'pt');
    assert.equal(await languageServed(code, 'de'), 'en');
    assert.equal(await languageServed(code, undefined), 'en');
  });

  it("falls back to the language of the code's first version, not to English", async () => {
    const code = uniqueCode();
    await fx.client.POST('/api/v1/templates', { body: newEmailTemplate(code, { language: 'de' }) });
    await fx.client.POST('/api/v1/templates', { body: newEmailTemplate(code, { language: 'en' }) });
    assert.equal(await languageServed(code, 'fr'), 'de');
    assert.equal(await languageServed(code, undefined), 'de');
  });

  it('reads a language whatever its case', async () => {
    const code = uniqueCode();
    await fx.client.POST('/api/v1/templates', { body: newEmailTemplate(code, { language: 'pt-BR' }) });
    assert.equal(await languageServed(code, 'PT-br'), 'pt-BR');
  });

  it('falls back for the history too', async () => {
    const code = uniqueCode();
    await fx.client.POST('/api/v1/templates', { body: newEmailTemplate(code) });
    await fx.client.POST('/api/v1/templates', { body: newEmailTemplate(code, { language: 'pt' }) });
    const { data } = await fx.client.GET('/api/v1/templates/{code}/versions', {
      params: { path: { code }, query: { language: 'pt-BR' } },
    });
    assert.deepEqual(
      data?.data.map((t) => t.language),
      ['pt'],
    );
  });
});
