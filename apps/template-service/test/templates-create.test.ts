import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  newEmailTemplate,
  newPushTemplate,
  uniqueCode,
  useTemplateService,
} from './template-service.fixture';

describe('creating templates', () => {
  const fx = useTemplateService();

  it('creates version 1 of a new code in English by default, listing its variables', async () => {
    const code = uniqueCode();
    const { data, response } = await fx.client.POST('/api/v1/templates', { body: newEmailTemplate(code) });
    assert.equal(response.status, 201);
    assert.equal(data?.success, true);
    assert.equal(data?.data.code, code);
    assert.equal(data?.data.channel, 'email');
    assert.equal(data?.data.language, 'en');
    assert.equal(data?.data.version, 1);
    assert.equal(data?.data.title, null);
    assert.deepEqual(data?.data.variables, ['link', 'name']);
  });

  it('creates the next version of the same code and language', async () => {
    const code = uniqueCode();
    await fx.client.POST('/api/v1/templates', { body: newEmailTemplate(code) });
    const { data, response } = await fx.client.POST('/api/v1/templates', {
      body: newEmailTemplate(code, { subject: 'Welcome back, {{user.first_name}}' }),
    });
    assert.equal(response.status, 201);
    assert.equal(data?.data.version, 2);
    assert.deepEqual(data?.data.variables, ['link', 'name', 'user.first_name']);
  });

  it('numbers versions per language', async () => {
    const code = uniqueCode();
    await fx.client.POST('/api/v1/templates', { body: newEmailTemplate(code) });
    await fx.client.POST('/api/v1/templates', { body: newEmailTemplate(code) });
    const { data } = await fx.client.POST('/api/v1/templates', {
      body: newEmailTemplate(code, { language: 'pt-br' }),
    });
    assert.equal(data?.data.version, 1);
    assert.equal(data?.data.language, 'pt-BR');
  });

  it('answers 409 conflict for an existing code on the other channel', async () => {
    const code = uniqueCode();
    await fx.client.POST('/api/v1/templates', { body: newEmailTemplate(code) });
    const { error, response } = await fx.client.POST('/api/v1/templates', {
      body: newPushTemplate(code, { language: 'de' }),
    });
    assert.equal(response.status, 409);
    assert.equal(error?.error, 'conflict');
    assert.match(error?.message ?? '', /email/);
  });

  it('answers 400 naming the subject for an email template without one', async () => {
    const { subject: _subject, ...body } = newEmailTemplate(uniqueCode());
    const { error, response } = await fx.client.POST('/api/v1/templates', { body });
    assert.equal(response.status, 400);
    assert.equal(error?.error, 'validation_failed');
    assert.deepEqual(
      error?.details?.map((d) => d.path),
      ['/subject'],
    );
  });

  it('answers 400 naming the title for a push template without one', async () => {
    const { title: _title, ...body } = newPushTemplate(uniqueCode());
    const { error, response } = await fx.client.POST('/api/v1/templates', { body });
    assert.equal(response.status, 400);
    assert.deepEqual(
      error?.details?.map((d) => d.path),
      ['/title'],
    );
  });

  it('refuses triple braces in html, which would print a value unescaped', async () => {
    const body = newEmailTemplate(uniqueCode(), { html: '<p>{{{name}}}</p>' });
    const { error, response } = await fx.client.POST('/api/v1/templates', { body });
    assert.equal(response.status, 400);
    assert.deepEqual(
      error?.details?.map((d) => d.path),
      ['/html'],
    );
    assert.match(error?.details?.[0]?.message ?? '', /without HTML escaping/);
  });

  it('refuses helpers, blocks and partials', async () => {
    for (const source of [
      '{{#if name}}hi{{/if}}',
      '{{lookup . "x"}}',
      '{{> header}}',
      '{{../name}}',
      '{{@root.name}}',
    ]) {
      const { error, response } = await fx.client.POST('/api/v1/templates', {
        body: newEmailTemplate(uniqueCode(), { body: source }),
      });
      assert.equal(response.status, 400, source);
      assert.deepEqual(
        error?.details?.map((d) => d.path),
        ['/body'],
        source,
      );
    }
  });

  it('refuses a template that does not parse', async () => {
    const { error, response } = await fx.client.POST('/api/v1/templates', {
      body: newEmailTemplate(uniqueCode(), { subject: 'Hi {{name' }),
    });
    assert.equal(response.status, 400);
    assert.deepEqual(
      error?.details?.map((d) => d.path),
      ['/subject'],
    );
  });
});
