import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newUser, useUserService } from './user-service.fixture';

const apnsToken = (digit: string) => digit.repeat(64);

describe('push devices', () => {
  const fx = useUserService();

  it('turns a push_token given at creation into an active iOS device', async () => {
    const created = await fx.client.POST('/api/v1/users', { body: newUser({ push_token: apnsToken('a') }) });
    const id = created.data!.data.user_id;
    const { data } = await fx.client.GET('/api/v1/users/{id}/devices', { params: { path: { id } } });
    assert.equal(data?.data.length, 1);
    assert.equal(data?.data[0]?.platform, 'ios');
    assert.equal(data?.data[0]?.token, apnsToken('a'));
    assert.equal(data?.data[0]?.active, true);
  });

  it('adds a Web Push subscription, lists it, and removes it', async () => {
    const created = await fx.client.POST('/api/v1/users', { body: newUser() });
    const id = created.data!.data.user_id;
    const subscription = {
      endpoint: 'https://push.example.com/send/abc',
      keys: { p256dh: 'BPk', auth: 'xyz' },
    };
    const added = await fx.client.POST('/api/v1/users/{id}/devices', {
      params: { path: { id } },
      body: { platform: 'web', token: subscription },
    });
    assert.equal(added.response.status, 201);
    assert.deepEqual(added.data?.data.token, subscription);
    const deviceId = added.data!.data.device_id;

    const listed = await fx.client.GET('/api/v1/users/{id}/devices', { params: { path: { id } } });
    assert.deepEqual(
      listed.data?.data.map((device) => device.device_id),
      [deviceId],
    );

    const removed = await fx.client.DELETE('/api/v1/users/{id}/devices/{device_id}', {
      params: { path: { id, device_id: deviceId } },
    });
    assert.equal(removed.response.status, 200);
    const after = await fx.client.GET('/api/v1/users/{id}/devices', { params: { path: { id } } });
    assert.deepEqual(after.data?.data, []);
  });

  it('answers 200 with the same device when it is registered twice', async () => {
    const created = await fx.client.POST('/api/v1/users', { body: newUser() });
    const id = created.data!.data.user_id;
    const body = { platform: 'ios' as const, token: apnsToken('b') };
    const first = await fx.client.POST('/api/v1/users/{id}/devices', { params: { path: { id } }, body });
    const second = await fx.client.POST('/api/v1/users/{id}/devices', { params: { path: { id } }, body });
    assert.equal(first.response.status, 201);
    assert.equal(second.response.status, 200);
    assert.equal(second.data?.data.device_id, first.data?.data.device_id);
  });

  it('deactivates a device with the reason, shows it in the cached list, and makes it active when registered again', async () => {
    const created = await fx.client.POST('/api/v1/users', { body: newUser() });
    const id = created.data!.data.user_id;
    const body = { platform: 'ios' as const, token: apnsToken('d') };
    const added = await fx.client.POST('/api/v1/users/{id}/devices', { params: { path: { id } }, body });
    const deviceId = added.data!.data.device_id;
    // Read once so the list is cached: deactivating must drop it.
    await fx.client.GET('/api/v1/users/{id}/devices', { params: { path: { id } } });

    const deactivated = await fx.client.POST('/api/v1/users/{id}/devices/{device_id}/deactivate', {
      params: { path: { id, device_id: deviceId } },
      body: { reason: 'apns 410 Unregistered' },
    });
    assert.equal(deactivated.response.status, 200);
    assert.equal(deactivated.data?.data.active, false);
    assert.equal(deactivated.data?.data.deactivated_reason, 'apns 410 Unregistered');
    const listed = await fx.client.GET('/api/v1/users/{id}/devices', { params: { path: { id } } });
    assert.deepEqual(
      listed.data?.data.map((device) => [device.device_id, device.active, device.deactivated_reason]),
      [[deviceId, false, 'apns 410 Unregistered']],
    );

    const again = await fx.client.POST('/api/v1/users/{id}/devices', { params: { path: { id } }, body });
    assert.equal(again.data?.data.device_id, deviceId);
    assert.equal(again.data?.data.active, true);
    assert.equal(again.data?.data.deactivated_reason, null);
  });

  it('answers 404 when deactivating a device the user does not have, and 400 without a reason', async () => {
    const created = await fx.client.POST('/api/v1/users', { body: newUser() });
    const id = created.data!.data.user_id;
    const unknown = await fx.client.POST('/api/v1/users/{id}/devices/{device_id}/deactivate', {
      params: { path: { id, device_id: '00000000-0000-4000-8000-000000000002' } },
      body: { reason: 'gone' },
    });
    assert.equal(unknown.response.status, 404);
    assert.equal(unknown.error?.error, 'not_found');
    const added = await fx.client.POST('/api/v1/users/{id}/devices', {
      params: { path: { id } },
      body: { platform: 'ios', token: apnsToken('e') },
    });
    const invalid = await fx.client.POST('/api/v1/users/{id}/devices/{device_id}/deactivate', {
      params: { path: { id, device_id: added.data!.data.device_id } },
      body: { reason: '' },
    });
    assert.equal(invalid.response.status, 400);
    assert.equal(invalid.error?.error, 'validation_failed');
  });

  it('answers 404 user_not_found when adding a device to an unknown user', async () => {
    const { error, response } = await fx.client.POST('/api/v1/users/{id}/devices', {
      params: { path: { id: '00000000-0000-4000-8000-000000000001' } },
      body: { platform: 'ios', token: apnsToken('c') },
    });
    assert.equal(response.status, 404);
    assert.equal(error?.error, 'user_not_found');
  });
});
