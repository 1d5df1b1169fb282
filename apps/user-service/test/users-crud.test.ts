import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newUser, useUserService } from './user-service.fixture';

describe('users', () => {
  const fx = useUserService();

  it('creates a user and returns it without the password', async () => {
    const body = newUser({ language: 'pt-BR', timezone: 'America/Sao_Paulo' });
    const { data, response } = await fx.client.POST('/api/v1/users', { body });
    assert.equal(response.status, 201);
    assert.equal(data?.success, true);
    assert.equal(data?.data.email, body.email);
    assert.equal(data?.data.language, 'pt-BR');
    assert.deepEqual(data?.data.preferences, { email: true, push: true });
    assert.equal(JSON.stringify(data).includes(body.password), false);
    assert.equal('password' in (data?.data ?? {}), false);
  });

  it('reads a user back by id', async () => {
    const created = await fx.client.POST('/api/v1/users', { body: newUser() });
    const id = created.data!.data.user_id;
    const { data, response } = await fx.client.GET('/api/v1/users/{id}', { params: { path: { id } } });
    assert.equal(response.status, 200);
    assert.deepEqual(data?.data, created.data?.data);
  });

  it('updates a user and reports the change', async () => {
    const created = await fx.client.POST('/api/v1/users', { body: newUser() });
    const id = created.data!.data.user_id;
    const { data, response } = await fx.client.PATCH('/api/v1/users/{id}', {
      params: { path: { id } },
      body: { name: 'Grace', preferences: { email: false, push: true } },
    });
    assert.equal(response.status, 200);
    assert.equal(data?.data.name, 'Grace');
    assert.deepEqual(data?.data.preferences, { email: false, push: true });
    assert.ok(Date.parse(data!.data.updated_at) >= Date.parse(created.data!.data.updated_at));
  });

  it('answers 409 for a second user with the same email, whatever its case', async () => {
    const body = newUser();
    await fx.client.POST('/api/v1/users', { body });
    const { error, response } = await fx.client.POST('/api/v1/users', {
      body: { ...body, email: body.email.toUpperCase() },
    });
    assert.equal(response.status, 409);
    assert.equal(error?.success, false);
    assert.equal(error?.error, 'email_taken');
  });

  it('answers 404 user_not_found for an unknown user', async () => {
    const { error, response } = await fx.client.GET('/api/v1/users/{id}', {
      params: { path: { id: '00000000-0000-4000-8000-000000000000' } },
    });
    assert.equal(response.status, 404);
    assert.equal(error?.error, 'user_not_found');
  });

  it('reads and replaces preferences', async () => {
    const created = await fx.client.POST('/api/v1/users', { body: newUser() });
    const id = created.data!.data.user_id;
    const put = await fx.client.PUT('/api/v1/users/{id}/preferences', {
      params: { path: { id } },
      body: { email: false, push: false },
    });
    assert.deepEqual(put.data?.data, { email: false, push: false });
    const get = await fx.client.GET('/api/v1/users/{id}/preferences', { params: { path: { id } } });
    assert.deepEqual(get.data?.data, { email: false, push: false });
  });
});
