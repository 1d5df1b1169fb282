import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newEmail, postRaw, useProviderSandbox } from './provider-sandbox.fixture';

describe('sending one email through the Resend SDK', () => {
  const fx = useProviderSandbox();

  it('answers an id and lists the email with its content and timestamps', async () => {
    const email = newEmail({
      headers: { 'X-Entity-Ref-ID': 'n-1' },
      tags: [{ name: 'category', value: 'welcome' }],
    });
    const { data, error } = await fx.resend.emails.send(email);
    assert.equal(error, null);
    assert.match(data?.id ?? '', /^[0-9a-f-]{36}$/);

    const [stored, ...others] = await fx.emails();
    assert.equal(others.length, 0);
    assert.equal(stored?.id, data?.id);
    assert.equal(stored?.from, email.from);
    assert.deepEqual(stored?.to, [email.to]);
    assert.equal(stored?.subject, email.subject);
    assert.equal(stored?.html, email.html);
    assert.equal(stored?.text, email.text);
    assert.deepEqual(stored?.headers, { 'X-Entity-Ref-ID': 'n-1' });
    assert.equal(stored?.idempotency_key, null);
    assert.match(stored?.received_at ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(Date.parse(stored!.answered_at) >= Date.parse(stored!.received_at));
  });

  it('returns the email from GET /emails/{id} as Resend does', async () => {
    const email = newEmail({ cc: ['cc@example.com'] });
    const sent = await fx.resend.emails.send(email);
    const { data, error } = await fx.resend.emails.get(sent.data!.id);
    assert.equal(error, null);
    assert.equal(data?.object, 'email');
    assert.equal(data?.id, sent.data?.id);
    assert.deepEqual(data?.to, [email.to]);
    assert.deepEqual(data?.cc, ['cc@example.com']);
    assert.equal(data?.bcc, null);
    assert.equal(data?.subject, email.subject);
    assert.equal(data?.last_event, 'delivered');
  });

  it('answers 404 not_found for an unknown email id', async () => {
    const { error } = await fx.resend.emails.get('00000000-0000-4000-8000-000000000000');
    assert.equal(error?.statusCode, 404);
    assert.equal(error?.name, 'not_found');
  });

  it('answers 422 missing_required_field naming the missing field', async () => {
    const { to: _to, ...withoutTo } = newEmail();
    const { status, body } = await postRaw(fx, '/emails', withoutTo);
    assert.equal(status, 422);
    assert.deepEqual(body, {
      statusCode: 422,
      name: 'missing_required_field',
      message: 'Missing `to` field.',
    });
  });

  it('answers 422 when neither html nor text is given', async () => {
    const { status, body } = await postRaw(fx, '/emails', {
      ...newEmail(),
      html: undefined,
      text: undefined,
    });
    assert.equal(status, 422);
    assert.equal(body.name, 'missing_required_field');
  });

  it('answers 422 for a malformed address and for more than 50 recipients', async () => {
    const badFrom = await fx.resend.emails.send(newEmail({ from: 'not an address' }));
    assert.equal(badFrom.error?.statusCode, 422);
    assert.equal(badFrom.error?.name, 'invalid_from_address');
    const many = Array.from({ length: 51 }, (_, index) => `r${index}@example.com`);
    const tooMany = await fx.resend.emails.send(newEmail({ to: many }));
    assert.equal(tooMany.error?.statusCode, 422);
    assert.equal(tooMany.error?.name, 'validation_error');
    assert.deepEqual(await fx.emails(), []);
  });

  it('answers 400 validation_error for a body that is not JSON', async () => {
    const response = await fetch(`${fx.sandbox.url}/emails`, {
      method: 'POST',
      headers: { authorization: 'Bearer re_sandbox_local_key', 'content-type': 'application/json' },
      body: '{"from":',
    });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { name: string }).name, 'validation_error');
  });
});
