import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MessageTypes, Subscriptions } from '@herald/contracts';
import { createLogger, subscribeToRequests } from '../src/index';
import { emailRequest, publishRequest, useBroker } from './broker.fixture';

const log = createLogger({ service: 'runtime-test', level: 'silent' });

describe('draining a request subscription', () => {
  const fx = useBroker();

  it('stops intake, lets the request in flight finish and settles it before resolving', async () => {
    let release: () => void = () => undefined;
    const started: string[] = [];
    const subscription = await subscribeToRequests({
      broker: fx.broker,
      log,
      subscriptions: [Subscriptions.emailRequests],
      messageType: MessageTypes.emailRequested,
      handle: async (request) => {
        started.push(request.notification_id);
        await new Promise<void>((resolve) => (release = resolve));
        return { status: 'delivered' };
      },
    });
    const first = emailRequest();
    await publishRequest(fx.broker, first);
    for (let i = 0; i < 100 && started.length === 0; i += 1)
      await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(subscription.inFlight(), 1);

    let drained = false;
    const draining = subscription.drain().then(() => (drained = true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(drained, false);
    const later = emailRequest();
    await publishRequest(fx.broker, later);

    release();
    await draining;
    assert.equal(subscription.inFlight(), 0);
    const status = await fx.statuses.waitFor((s) => s.content.notification_id === first.notification_id);
    assert.equal(status.content.status, 'delivered');
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(started, [first.notification_id]);
    assert.equal(subscription.drain(), subscription.drain());
  });
});
