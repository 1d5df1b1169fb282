import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApnsConnectionStats } from '../src/apns/apns.store';
import { useProviderSandbox } from './provider-sandbox.fixture';
import {
  newDeviceToken,
  newNotification,
  untilApnsConnectionsClosed,
  useApnsProviders,
} from './push-sandbox.fixture';

describe('APNs connection accounting', () => {
  const fx = useProviderSandbox();
  const newProvider = useApnsProviders(fx);
  const connections = () => fx.control<ApnsConnectionStats>('/sandbox/apns/connections');

  it('counts one HTTP/2 connection for 50 notifications from one provider', async () => {
    const provider = newProvider();
    const tokens = Array.from({ length: 50 }, newDeviceToken);
    const result = await provider.send(newNotification(fx), tokens);
    assert.equal(result.sent.length, 50);
    const stats = await connections();
    assert.equal(stats.opened_total, 1);
    assert.equal(stats.open_now, 1);
    assert.equal(stats.connections[0]?.requests, 50);
    assert.equal((await fx.control<unknown[]>('/sandbox/apns/pushes')).length, 50);
  });

  it('counts a connection per provider, and sees them closed after shutdown', async () => {
    const first = newProvider();
    const second = newProvider();
    await first.send(newNotification(fx), newDeviceToken());
    await second.send(newNotification(fx), newDeviceToken());
    assert.deepEqual((({ opened_total, open_now }) => ({ opened_total, open_now }))(await connections()), {
      opened_total: 2,
      open_now: 2,
    });
    await first.shutdown();
    await second.shutdown();
    await untilApnsConnectionsClosed(fx);
    const stats = await connections();
    assert.equal(stats.open_now, 0);
    assert.ok(stats.connections.every((connection) => connection.closed_at !== null));
  });

  it('forgets closed connections on reset but keeps counting open ones', async () => {
    const provider = newProvider();
    await provider.send(newNotification(fx), newDeviceToken());
    await fx.controlSend('/sandbox/reset');
    assert.deepEqual((({ opened_total, open_now }) => ({ opened_total, open_now }))(await connections()), {
      opened_total: 1,
      open_now: 1,
    });
    assert.deepEqual(await fx.control('/sandbox/apns/pushes'), []);
    assert.deepEqual(await fx.control('/sandbox/apns/requests'), []);
  });
});
