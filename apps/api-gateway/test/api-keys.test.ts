import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newUser, useGateway } from './gateway.fixture';

describe('API keys', () => {
  const fx = useGateway();

  it('shows a new key once, stores it hashed, and lists it without the key', async () => {
    const created = await fx.admin.POST('/api/v1/api-keys', { body: { name: 'billing', scopes: ['users:read'] } });
    assert.equal(created.response.status, 201);
    const key = created.data!.data.key;
    assert.match(key, /^hrld_/);
    const listed = await fx.admin.GET('/api/v1/api-keys', {});
    const entry = listed.data?.data.find((item) => item.api_key_id === created.data?.data.api_key_id);
    assert.ok(entry);
    assert.equal('key' in entry, false);
    assert.ok(key.startsWith(entry.prefix));
    assert.equal(JSON.stringify(listed.data).includes(key), false);
  });

  it('lets a key do what its scopes allow and nothing else', async () => {
    const created = await fx.admin.POST('/api/v1/api-keys', { body: { name: 'reader', scopes: ['users:read'] } });
    const reader = fx.clientWith({ apiKey: created.data!.data.key });
    assert.equal((await reader.GET('/api/v1/users', {})).response.status, 200);
    const { error, response } = await reader.POST('/api/v1/users', { body: newUser() });
    assert.equal(response.status, 403);
    assert.equal(error?.error, 'forbidden');
  });

  it('stops a revoked key at once', async () => {
    const created = await fx.admin.POST('/api/v1/api-keys', { body: { name: 'temp', scopes: ['admin'] } });
    const temp = fx.clientWith({ apiKey: created.data!.data.key });
    assert.equal((await temp.GET('/api/v1/users', {})).response.status, 200);
    const revoked = await fx.admin.DELETE('/api/v1/api-keys/{id}', {
      params: { path: { id: created.data!.data.api_key_id } },
    });
    assert.equal(revoked.response.status, 200);
    assert.ok(revoked.data?.data.revoked_at);
    assert.equal((await temp.GET('/api/v1/users', {})).response.status, 401);
  });

  it('rejects an unknown scope with validation_failed', async () => {
    const { error, response } = await fx.admin.POST('/api/v1/api-keys', {
      body: { name: 'x', scopes: ['everything'] } as never,
    });
    assert.equal(response.status, 400);
    assert.equal(error?.error, 'validation_failed');
  });
});
