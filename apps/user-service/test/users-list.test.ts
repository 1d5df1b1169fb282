import assert from 'node:assert/strict';
import { describe, it, before } from 'node:test';
import { newUser, useUserService } from './user-service.fixture';

describe('listing users', () => {
  const fx = useUserService();
  const emails: string[] = [];

  before(async () => {
    for (let i = 0; i < 5; i++) {
      const body = newUser();
      emails.push(body.email);
      const { response } = await fx.client.POST('/api/v1/users', { body });
      assert.equal(response.status, 201);
    }
  });

  it('gives page 2 of 3 with correct meta', async () => {
    const { data, response } = await fx.client.GET('/api/v1/users', { params: { query: { page: 2, limit: 2 } } });
    assert.equal(response.status, 200);
    assert.deepEqual(data?.meta, { total: 5, limit: 2, page: 2, total_pages: 3, has_next: true, has_previous: true });
    assert.deepEqual(
      data?.data.map((user) => user.email),
      emails.slice(2, 4),
    );
  });

  it('gives the last page with has_next false', async () => {
    const { data } = await fx.client.GET('/api/v1/users', { params: { query: { page: 3, limit: 2 } } });
    assert.equal(data?.data.length, 1);
    assert.equal(data?.meta.has_next, false);
    assert.equal(data?.meta.has_previous, true);
  });

  it('rejects a limit above 100 with validation_failed', async () => {
    const { error, response } = await fx.client.GET('/api/v1/users', { params: { query: { limit: 101 } } });
    assert.equal(response.status, 400);
    assert.equal(error?.error, 'validation_failed');
    assert.equal(error?.details?.[0]?.path, '/limit');
  });
});
