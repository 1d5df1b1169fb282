import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTopology } from '../src/topology/topology.builder';
import { backoffDelayMs, RetryPolicy, retryTierMs } from '../src/topology/retry-policy';
import { planRetry } from '../src/topology/retry-plan';
import {
  Exchanges,
  Publications,
  Queues,
  retryPublication,
  Subscriptions,
} from '../src/topology/topology.names';
import type { NotificationEmailRequestedV1 } from '../src/messages/notification-requested.message';

const vhost = buildTopology().vhosts['/'];
assert.ok(vhost);

describe('the topology', () => {
  it('points every publication at an exchange it declares', () => {
    for (const [name, publication] of Object.entries(vhost.publications)) {
      assert.ok(vhost.exchanges[publication.exchange], `${name} publishes to ${publication.exchange}`);
    }
  });

  it('declares every named publication and a retry publication per tier and channel', () => {
    for (const name of Object.values(Publications)) assert.ok(vhost.publications[name], name);
    for (const channel of ['email', 'push'] as const) {
      for (const tier of RetryPolicy.delayTiersMs)
        assert.ok(vhost.publications[retryPublication(channel, tier)]);
    }
    assert.ok(vhost.publications.emailRetry1s);
    assert.ok(vhost.publications.pushRetry10m);
  });

  it('consumes every subscription from a queue it declares', () => {
    for (const name of Object.values(Subscriptions)) {
      const subscription = vhost.subscriptions[name];
      assert.ok(subscription, name);
      assert.ok(vhost.queues[subscription.queue], `${name} reads ${subscription.queue}`);
      assert.ok(subscription.prefetch > 0 && subscription.redeliveries.limit > 0);
    }
  });

  it('binds only declared exchanges to declared queues', () => {
    for (const [name, binding] of Object.entries(vhost.bindings)) {
      assert.ok(vhost.exchanges[binding.source], `${name} source`);
      assert.ok(vhost.queues[binding.destination], `${name} destination`);
    }
  });

  it('dead-letters every work queue to failed.queue', () => {
    const workQueues = [Queues.email, Queues.emailCritical, Queues.push, Queues.pushCritical, Queues.status];
    const toFailed = Object.values(vhost.bindings).filter((b) => b.destination === Queues.failed);
    assert.deepEqual(
      toFailed.map((b) => b.source),
      [Exchanges.dead],
    );
    assert.equal(vhost.exchanges[Exchanges.dead]?.type, 'fanout');
    for (const queue of workQueues) {
      assert.equal(vhost.queues[queue]?.options.arguments['x-dead-letter-exchange'], Exchanges.dead, queue);
    }
  });

  it('gives each channel one delay queue per tier that expires back into the work exchange', () => {
    for (const channel of ['email', 'push']) {
      for (const tier of RetryPolicy.delayTiersMs) {
        const delayQueues: Record<string, string | number>[] = Object.entries(vhost.queues)
          .filter(
            ([name, q]) =>
              name.startsWith(`${channel}.retry.`) && q.options.arguments['x-message-ttl'] === tier,
          )
          .map(([, q]) => q.options.arguments);
        assert.equal(delayQueues.length, 1, `${channel} ${tier}ms`);
        assert.equal(delayQueues[0]?.['x-dead-letter-exchange'], Exchanges.notifications);
        assert.equal(delayQueues[0]?.['x-dead-letter-routing-key'], undefined);
      }
    }
    assert.ok(vhost.queues['email.retry.1s.queue']);
  });

  it('builds a fresh object each time, since rascal mutates its config', () => {
    assert.notEqual(buildTopology().vhosts['/'], buildTopology().vhosts['/']);
  });
});

describe('the backoff', () => {
  it('grows with the attempt whatever the jitter', () => {
    for (let attempt = 1; attempt < RetryPolicy.delayTiersMs.length; attempt++) {
      assert.ok(backoffDelayMs(attempt, () => 0) < backoffDelayMs(attempt + 1, () => 0.999));
      assert.ok(backoffDelayMs(attempt, () => 0.999) < backoffDelayMs(attempt + 1, () => 0));
    }
  });

  it('stays within its tier, jitter taken off', () => {
    for (let attempt = 1; attempt <= 10; attempt++) {
      const tier = retryTierMs(attempt);
      for (const r of [0, 0.25, 0.5, 0.999, 1, -1, 2]) {
        const delay = backoffDelayMs(attempt, () => r);
        assert.ok(delay <= tier && delay >= tier * (1 - RetryPolicy.jitter), `${attempt} ${r}: ${delay}`);
      }
    }
    assert.equal(retryTierMs(100), RetryPolicy.delayTiersMs.at(-1));
  });
});

describe('a retry plan', () => {
  const message: NotificationEmailRequestedV1 = {
    type: 'notification.email.requested.v1',
    message_id: '5c0a3f6e-8f43-4d3c-9d8e-2a3c7a1f0b11',
    notification_id: '0d1f5b7e-6b7a-4e0c-8d43-1f7a9b2c3d4e',
    request_id: 'r-1',
    correlation_id: 'c-1',
    attempt: 1,
    occurred_at: '2025-01-01T00:00:00Z',
    user_id: '2e4c6a8b-0d1f-4a3b-8c5d-7e9f1a2b3c4d',
    template_code: 'welcome',
    variables: {},
    priority: 10,
  };

  it('keeps a critical message on the critical lane', () => {
    const plan = planRetry(message, { random: () => 0 });
    assert.deepEqual(plan, {
      publication: 'emailRetry1s',
      routingKey: 'notification.email.requested.v1.critical',
      delayMs: 1000,
      nextAttempt: 2,
    });
  });

  it('honours a retry-after longer than the tier', () => {
    const plan = planRetry({ ...message, priority: 5 }, { random: () => 0, minDelayMs: 20_000 });
    assert.equal(plan?.publication, 'emailRetry30s');
    assert.equal(plan?.routingKey, 'notification.email.requested.v1');
    assert.ok(plan && plan.delayMs >= 20_000 && plan.delayMs <= 30_000);
  });

  it('is null once the attempts are used up', () => {
    assert.equal(planRetry({ ...message, attempt: RetryPolicy.maxAttempts }), null);
  });
});
