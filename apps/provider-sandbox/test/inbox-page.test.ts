import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newEmail, useProviderSandbox } from './provider-sandbox.fixture';

describe('the inbox page', () => {
  const fx = useProviderSandbox();

  async function inbox(): Promise<{ response: Response; html: string }> {
    const response = await fetch(`${fx.sandbox.url}/`);
    return { response, html: await response.text() };
  }

  it('lists received emails newest first, refreshing itself', async () => {
    await fx.resend.emails.send(newEmail({ subject: 'Older one' }));
    await fx.resend.emails.send(newEmail({ subject: 'Newer one', to: 'reader@example.com' }));
    const { response, html } = await inbox();
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    assert.ok(html.indexOf('Newer one') < html.indexOf('Older one'));
    assert.match(html, /reader@example\.com/);
    assert.match(html, /<meta http-equiv="refresh" content="\d+">/);
    assert.match(html, /id="pushes"/);
  });

  it('escapes a <script> subject and previews the html body in an empty sandbox', async () => {
    const body = `<p onclick="x()">Hi & 'bye' &amp;</p><script>alert(1)</script>`;
    await fx.resend.emails.send(newEmail({ subject: '<script>alert("subject")</script>', html: body }));
    const { response, html } = await inbox();
    assert.doesNotMatch(html, /<script/i);
    assert.match(html, /<h3>&lt;script&gt;alert\(&quot;subject&quot;\)&lt;\/script&gt;<\/h3>/);
    const srcdoc = /<iframe sandbox="" srcdoc="([^"]*)"/.exec(html)?.[1];
    assert.equal(srcdoc !== undefined && unescapeAttribute(srcdoc), body);
    const policy = response.headers.get('content-security-policy') ?? '';
    assert.match(policy, /default-src 'none'/);
    assert.doesNotMatch(policy, /script-src/);
  });

  it('says so when no email has arrived', async () => {
    const { html } = await inbox();
    assert.match(html, /No email yet/);
  });
});

function unescapeAttribute(value: string): string {
  const entities: Record<string, string> = {
    '&lt;': '<',
    '&gt;': '>',
    '&quot;': '"',
    '&#39;': "'",
    '&amp;': '&',
  };
  return value.replace(/&(?:lt|gt|quot|#39|amp);/g, (entity) => entities[entity] ?? entity);
}
