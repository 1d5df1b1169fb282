import { newDeviceToken } from '@herald/testing';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addIosDevice,
  createPushTemplate,
  createUser,
  publishRequest,
  pushRequest,
  statusesOf,
  usePushWorker,
  waitForStatus,
} from './push-worker.fixture';

describe('a push request while APNs is down', () => {
  const fx = usePushWorker({ APNS_CIRCUIT_RESET_MS: '1500' });

  it('is parked without spending an attempt while the circuit is open, and delivered once APNs is back', async () => {
    const template = await createPushTemplate(fx);
    const outage = await createUser(fx);
    const outageToken = newDeviceToken();
    await addIosDevice(fx, outage.user_id, outageToken);
    await fx.sandbox.apnsScript(
      outageToken,
      Array.from({ length: 5 }, () => ({ status: 503 })),
    );
    const first = pushRequest(outage.user_id, template.code);
    await publishRequest(fx, first);
    // Five failed sends in a row open APNs' circuit.
    await fx.statuses.waitFor(() => statusesOf(fx, first.notification_id).length === 5, 15_000);

    const user = await createUser(fx);
    const token = newDeviceToken();
    await addIosDevice(fx, user.user_id, token);
    const parked = pushRequest(user.user_id, template.code);
    const publishedAt = Date.now();
    await publishRequest(fx, parked);
    const delivered = await waitForStatus(fx, parked.notification_id, 'delivered', 15_000);
    assert.ok(Date.now() - publishedAt >= 700, 'delivered before the circuit could have closed');
    assert.equal(delivered.content.attempt, 1);
    assert.deepEqual(statusesOf(fx, parked.notification_id), ['delivered']);
    assert.equal((await fx.sandbox.apnsRequests(token)).length, 1);

    await waitForStatus(fx, first.notification_id, 'delivered', 15_000);
    const metrics = await (await fetch(`${fx.worker?.url}/metrics`)).text();
    assert.match(metrics, /herald_deliveries_total\{[^}]*outcome="parked"[^}]*\} [1-9]/);
  });
});
