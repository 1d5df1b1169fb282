import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  newEmailTemplate,
  newPushTemplate,
  uniqueCode,
  useTemplateService,
} from './template-service.fixture';

describe('rendering templates', () => {
  const fx = useTemplateService();

  async function create(body: ReturnType<typeof newEmailTemplate> | ReturnType<typeof newPushTemplate>) {
    const { data } = await fx.client.POST('/api/v1/templates', { body });
    assert.ok(data, 'template created');
    return data.data;
  }

  function render(
    code: string,
    body: { variables: Record<string, unknown>; language?: string; version?: number },
  ) {
    return fx.client.POST('/api/v1/templates/{code}/render', { params: { path: { code } }, body });
  }

  it('renders every part of an email template with its variables', async () => {
    const code = uniqueCode();
    await create(newEmailTemplate(code));
    const { data, response } = await render(code, { variables: { name: 'Ada', link: 'https://x.io/a' } });
    assert.equal(response.status, 200);
    assert.deepEqual(data?.data, {
      subject: 'Welcome, Ada',
      body: 'Hello Ada, open https://x.io/a',
      html: '<p>Hello Ada, <a href="https://x.io/a">open</a></p>',
      title: null,
      language: 'en',
      version: 1,
    });
  });

  it('renders a push template, numbers and dotted paths included', async () => {
    const code = uniqueCode();
    await create(newPushTemplate(code, { title: 'Hi {{user.name}}' }));
    const { data } = await render(code, { variables: { user: { name: 'Ada' }, count: 3 } });
    assert.equal(data?.data.title, 'Hi Ada');
    assert.equal(data?.data.body, 'You have 3 new messages');
    assert.equal(data?.data.subject, null);
  });

  it('answers 400 naming a missing variable', async () => {
    const code = uniqueCode();
    await create(newEmailTemplate(code));
    const { error, response } = await render(code, { variables: { name: 'Ada' } });
    assert.equal(response.status, 400);
    assert.equal(error?.error, 'validation_failed');
    assert.match(error?.message ?? '', /\blink\b/);
    assert.deepEqual(error?.details, [{ path: '/variables/link', message: 'missing variable link' }]);
  });

  it('escapes a value in html and prints it as given in the text parts', async () => {
    const code = uniqueCode();
    await create(newEmailTemplate(code));
    const name = '<script>alert("x")</script> & co';
    const { data } = await render(code, { variables: { name, link: 'https://x.io' } });
    assert.equal(
      data?.data.html,
      '<p>Hello &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co, <a href="https://x.io">open</a></p>',
    );
    assert.equal(data?.data.body, `Hello ${name}, open https://x.io`);
    assert.equal(data?.data.subject, `Welcome, ${name}`);
  });

  it('strips line breaks from the subject, which becomes an email header', async () => {
    const code = uniqueCode();
    await create(newEmailTemplate(code));
    const { data } = await render(code, { variables: { name: 'Ada\r\nBcc: victim@example.com', link: 'l' } });
    assert.equal(data?.data.subject, 'Welcome, Ada Bcc: victim@example.com');
    assert.equal(data?.data.body, 'Hello Ada\r\nBcc: victim@example.com, open l');
  });

  it('never reads a prototype: constructor and __proto__ are missing unless given', async () => {
    const code = uniqueCode();
    await create(
      newEmailTemplate(code, { body: '[{{constructor}}][{{__proto__}}][{{user.constructor.name}}]' }),
    );
    const { error, response } = await render(code, { variables: { name: 'Ada', link: 'l', user: {} } });
    assert.equal(response.status, 400);
    assert.deepEqual(
      error?.details?.map((d) => d.path),
      ['/variables/__proto__', '/variables/constructor', '/variables/user/constructor/name'],
    );
    assert.doesNotMatch(JSON.stringify(error), /function|Object|native code/);
  });

  it('prints constructor and __proto__ given as variables as plain values', async () => {
    const code = uniqueCode();
    await create(newEmailTemplate(code, { body: '[{{constructor}}][{{__proto__}}]' }));
    const variables = JSON.parse('{"name":"Ada","link":"l","constructor":"c","__proto__":"p"}') as Record<
      string,
      unknown
    >;
    const { data, response } = await render(code, { variables });
    assert.equal(response.status, 200);
    assert.equal(data?.data.body, '[c][p]');
  });

  it('renders an older version when asked for one', async () => {
    const code = uniqueCode();
    await create(newEmailTemplate(code));
    await create(newEmailTemplate(code, { subject: 'v2 {{name}}' }));
    const { data } = await render(code, { variables: { name: 'Ada', link: 'l' }, version: 1 });
    assert.equal(data?.data.subject, 'Welcome, Ada');
    assert.equal(data?.data.version, 1);
    const missing = await render(code, { variables: { name: 'Ada', link: 'l' }, version: 9 });
    assert.equal(missing.response.status, 404);
    assert.equal(missing.error?.error, 'template_not_found');
  });

  it('renders in the fallback language and says which one it used', async () => {
    const code = uniqueCode();
    await create(newEmailTemplate(code));
    await create(newEmailTemplate(code, { language: 'pt', subject: 'Bem-vindo, {{name}}' }));
    const { data } = await render(code, { variables: { name: 'Ada', link: 'l' }, language: 'pt-BR' });
    assert.equal(data?.data.subject, 'Bem-vindo, Ada');
    assert.equal(data?.data.language, 'pt');
  });

  it('refuses an object where a value is printed', async () => {
    const code = uniqueCode();
    await create(newEmailTemplate(code));
    const { error, response } = await render(code, { variables: { name: { first: 'Ada' }, link: 'l' } });
    assert.equal(response.status, 400);
    assert.deepEqual(
      error?.details?.map((d) => d.path),
      ['/variables/name'],
    );
  });
});
