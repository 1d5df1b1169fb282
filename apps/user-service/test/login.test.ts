import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { newUser, useUserService } from './user-service.fixture';

describe('login', () => {
  const fx = useUserService();

  it('issues a bearer token for the right password', async () => {
    const body = newUser();
    const created = await fx.client.POST('/api/v1/users', { body });
    const { data, response } = await fx.client.POST('/api/v1/auth/login', {
      body: { email: body.email, password: body.password },
    });
    assert.equal(response.status, 200);
    assert.equal(data?.data.token_type, 'Bearer');
    assert.equal(data?.data.expires_in, 3600);
    assert.equal(decodeJwt(data!.data.access_token).sub, created.data?.data.user_id);
  });

  it('answers 401 for a wrong password', async () => {
    const body = newUser();
    await fx.client.POST('/api/v1/users', { body });
    const { error, response } = await fx.client.POST('/api/v1/auth/login', {
      body: { email: body.email, password: 'wrong password' },
    });
    assert.equal(response.status, 401);
    assert.equal(error?.error, 'unauthorized');
  });

  it('answers 401, not 404, for an unknown email', async () => {
    const { error, response } = await fx.client.POST('/api/v1/auth/login', {
      body: { email: 'nobody@example.com', password: 'whatever' },
    });
    assert.equal(response.status, 401);
    assert.equal(error?.error, 'unauthorized');
  });

  it('accepts the new password after a change and refuses the old one', async () => {
    const body = newUser();
    const created = await fx.client.POST('/api/v1/users', { body });
    await fx.client.PATCH('/api/v1/users/{id}', {
      params: { path: { id: created.data!.data.user_id } },
      body: { password: 'a brand new password' },
    });
    const old = await fx.client.POST('/api/v1/auth/login', { body: { email: body.email, password: body.password } });
    assert.equal(old.response.status, 401);
    const fresh = await fx.client.POST('/api/v1/auth/login', {
      body: { email: body.email, password: 'a brand new password' },
    });
    assert.equal(fresh.response.status, 200);
  });
});
