import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ErrorEnvelope } from '@herald/contracts';
import { newUser, useUserService } from './user-service.fixture';

const errorOf = async (response: Response) => (await response.json()) as ErrorEnvelope;

describe('bad input to POST /api/v1/users', () => {
  const fx = useUserService();

  async function rejected(body: unknown, path: string) {
    const { error, response } = await fx.client.POST('/api/v1/users', { body: body as never });
    assert.equal(response.status, 400);
    assert.equal(error?.success, false);
    assert.equal(error?.error, 'validation_failed');
    assert.ok(
      error?.details?.some((detail) => detail.path === path),
      `expected a detail at ${path}, got ${JSON.stringify(error?.details)}`,
    );
  }

  it('names a missing field', async () => {
    const { email: _email, ...body } = newUser();
    await rejected(body, '/email');
  });

  it('names a field of the wrong type', async () => {
    await rejected(newUser({ name: 42 }), '/name');
  });

  it('names a badly formed email', async () => {
    await rejected(newUser({ email: 'not-an-email' }), '/email');
  });

  it('names an unknown field', async () => {
    await rejected(newUser({ is_admin: true }), '/is_admin');
  });

  it('names a push token that is not an APNs token', async () => {
    await rejected(newUser({ push_token: 'xyz' }), '/push_token');
  });

  it('answers 413 payload_too_large for a 1 MB body', async () => {
    const response = await fetch(`${fx.service.url}/api/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(newUser({ name: 'x'.repeat(1024 * 1024) })),
    });
    assert.equal(response.status, 413);
    assert.equal((await errorOf(response)).error, 'payload_too_large');
  });

  it('answers 415 unsupported_media_type for a text/plain body', async () => {
    const response = await fetch(`${fx.service.url}/api/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'name=Ada',
    });
    assert.equal(response.status, 415);
    assert.equal((await errorOf(response)).error, 'unsupported_media_type');
  });

  it('answers 400 for malformed JSON', async () => {
    const response = await fetch(`${fx.service.url}/api/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name": ',
    });
    assert.equal(response.status, 400);
    assert.equal((await errorOf(response)).error, 'validation_failed');
  });

  it('answers 400 for a user id that is not a uuid', async () => {
    const response = await fetch(`${fx.service.url}/api/v1/users/not-a-uuid`);
    assert.equal(response.status, 400);
    const body = await errorOf(response);
    assert.equal(body.error, 'validation_failed');
    assert.equal(body.details?.[0]?.path, '/id');
  });
});
