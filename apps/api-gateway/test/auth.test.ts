import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adminKey, newUser, useGateway } from './gateway.fixture';

describe('authentication and permissions at the gateway', () => {
  const fx = useGateway();

  async function userWithToken() {
    const body = newUser();
    const created = await fx.admin.POST('/api/v1/users', { body });
    assert.equal(created.response.status, 201);
    const login = await fx.clientWith({}).POST('/api/v1/auth/login', {
      body: { email: body.email, password: body.password },
    });
    assert.equal(login.response.status, 200);
    return { id: created.data!.data.user_id, token: login.data!.data.access_token };
  }

  it('answers 401 unauthorized without a key', async () => {
    const { error, response } = await fx.clientWith({}).GET('/api/v1/users', {});
    assert.equal(response.status, 401);
    assert.equal(error?.error, 'unauthorized');
  });

  it('answers 401 for a key that does not exist', async () => {
    const { error, response } = await fx.clientWith({ apiKey: 'hrld_not-a-real-key' }).GET('/api/v1/users', {});
    assert.equal(response.status, 401);
    assert.equal(error?.error, 'unauthorized');
  });

  it('accepts the admin key as Authorization: Bearer too', async () => {
    const response = await fetch(`${fx.gateway.url}/api/v1/users`, {
      headers: { authorization: `Bearer ${adminKey}` },
    });
    assert.equal(response.status, 200);
  });

  it("lets a user's token read and change its own profile", async () => {
    const { id, token } = await userWithToken();
    const client = fx.clientWith({ accessToken: token });
    const read = await client.GET('/api/v1/users/{id}', { params: { path: { id } } });
    assert.equal(read.response.status, 200);
    const changed = await client.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body: { name: 'Me' } });
    assert.equal(changed.data?.data.name, 'Me');
  });

  it("answers 403 forbidden when a user's token reads another user", async () => {
    const first = await userWithToken();
    const second = await userWithToken();
    const { error, response } = await fx.clientWith({ accessToken: first.token }).GET('/api/v1/users/{id}', {
      params: { path: { id: second.id } },
    });
    assert.equal(response.status, 403);
    assert.equal(error?.error, 'forbidden');
  });

  it("answers 403 when a user's token lists all users", async () => {
    const { token } = await userWithToken();
    const { response } = await fx.clientWith({ accessToken: token }).GET('/api/v1/users', {});
    assert.equal(response.status, 403);
  });

  it('answers 401 for a token signed with another secret', async () => {
    const forged =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIwMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDAiLCJzY29wZSI6InVzZXIifQ.c2lnbmF0dXJl';
    const { response } = await fx.clientWith({ accessToken: forged }).GET('/api/v1/users/{id}', {
      params: { path: { id: '00000000-0000-4000-8000-000000000000' } },
    });
    assert.equal(response.status, 401);
  });
});
