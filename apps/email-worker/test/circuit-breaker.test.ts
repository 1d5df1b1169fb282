import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createTemplate,
  createUser,
  emailRequest,
  publishRequest,
  statusesOf,
  useEmailWorker,
  waitForStatus,
} from './email-worker.fixture';

describe('an email request while Resend is down', () => {
  const fx = useEmailWorker({ RESEND_CIRCUIT_RESET_MS: '1500' });

  it('is parked without spending an attempt while the circuit is open, and delivered once Resend is back', async () => {
    const template = await createTemplate(fx);
    const outage = await createUser(fx);
    await fx.sandbox.script(
      outage.email,
      Array.from({ length: 5 }, () => ({ status: 503 })),
    );
    const first = emailRequest(outage.user_id, template.code);
    await publishRequest(fx, first);
    // Five failed sends in a row open Resend's circuit.
    await fx.statuses.waitFor(() => statusesOf(fx, first.notification_id).length === 5, 15_000);

    const user = await createUser(fx);
    const parked = emailRequest(user.user_id, template.code);
    const publishedAt = Date.now();
    await publishRequest(fx, parked);
    const delivered = await waitForStatus(fx, parked.notification_id, 'delivered', 15_000);
    assert.ok(Date.now() - publishedAt >= 700, 'delivered before the circuit could have closed');
    assert.equal(delivered.content.attempt, 1);
    assert.deepEqual(statusesOf(fx, parked.notification_id), ['delivered']);
    assert.equal((await fx.sandbox.requests(user.email)).length, 1);

    await waitForStatus(fx, first.notification_id, 'delivered', 15_000);
    const metrics = await (await fetch(`${fx.worker?.url}/metrics`)).text();
    assert.match(metrics, /herald_deliveries_total\{[^}]*outcome="parked"[^}]*\} [1-9]/);
  });
});
