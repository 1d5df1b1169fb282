import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { MessageTypes, Subscriptions } from '@herald/contracts';
import {
  createLogger,
  createProviderBreaker,
  ProviderUnavailableError,
  retryPolicyFor,
  subscribeToRequests,
  TransientDeliveryError,
  type RequestSubscription,
} from '../src/index';
import { emailRequest, publishRequest, testTiersMs, useBroker } from './broker.fixture';

const log = createLogger({ service: 'runtime-test', level: 'silent' });
const failing = () => Promise.reject(new TransientDeliveryError('503 from provider'));

describe('a provider circuit breaker', () => {
  it('opens after provider failures and then refuses calls without making them', async () => {
    const breaker = createProviderBreaker({
      provider: 'resend',
      log,
      volumeThreshold: 2,
      resetTimeoutMs: 5_000,
    });
    try {
      for (let i = 0; i < 2; i += 1) await assert.rejects(breaker.run(failing), TransientDeliveryError);
      assert.equal(breaker.state(), 'open');
      let called = false;
      const refused = breaker.run(async () => {
        called = true;
      });
      await assert.rejects(refused, (error: unknown) => {
        assert.ok(error instanceof ProviderUnavailableError);
        assert.ok(error.parkForMs > 4_000 && error.parkForMs <= 5_000);
        return true;
      });
      assert.equal(called, false);
    } finally {
      breaker.shutdown();
    }
  });

  it('does not count a rate limit or a rejected request as the provider being down', async () => {
    const breaker = createProviderBreaker({ provider: 'resend', log, volumeThreshold: 2 });
    try {
      const limited = () => Promise.reject(new TransientDeliveryError('429', { retryAfterMs: 1_000 }));
      for (let i = 0; i < 4; i += 1) await assert.rejects(breaker.run(limited));
      assert.equal(breaker.state(), 'closed');
    } finally {
      breaker.shutdown();
    }
  });

  it('lets one trial through after the reset timeout and closes when it succeeds', async () => {
    const breaker = createProviderBreaker({
      provider: 'resend',
      log,
      volumeThreshold: 1,
      resetTimeoutMs: 200,
    });
    try {
      await assert.rejects(breaker.run(failing));
      assert.equal(breaker.state(), 'open');
      await new Promise((resolve) => setTimeout(resolve, 250));
      assert.equal(await breaker.run(async () => 'sent'), 'sent');
      assert.equal(breaker.state(), 'closed');
    } finally {
      breaker.shutdown();
    }
  });
});

describe('a request while its provider is unavailable', () => {
  const fx = useBroker();
  let subscription: RequestSubscription | undefined;
  after(() => subscription?.drain());

  it('is parked without spending an attempt, and delivered once the provider is back', async () => {
    const breaker = createProviderBreaker({
      provider: 'resend',
      log,
      volumeThreshold: 1,
      resetTimeoutMs: 600,
    });
    let providerUp = false;
    const attempts: number[] = [];
    subscription = await subscribeToRequests({
      broker: fx.broker,
      log,
      subscriptions: [Subscriptions.emailRequests],
      messageType: MessageTypes.emailRequested,
      retryPolicy: retryPolicyFor(testTiersMs),
      handle: async (request) => {
        attempts.push(request.attempt);
        await breaker.run(() => (providerUp ? Promise.resolve() : failing()));
        return { status: 'delivered' };
      },
    });
    try {
      const request = emailRequest();
      await publishRequest(fx.broker, request);
      await fx.statuses.waitFor(
        (s) => s.content.notification_id === request.notification_id && s.content.status === 'attempt_failed',
      );
      assert.equal(breaker.state(), 'open');
      // Attempt 2 arrives while the breaker is open: parked, and its attempt is not spent.
      await new Promise((resolve) => setTimeout(resolve, 300));
      providerUp = true;
      const delivered = await fx.statuses.waitFor(
        (s) => s.content.notification_id === request.notification_id && s.content.status === 'delivered',
      );
      assert.equal(delivered.content.attempt, 2);
      assert.ok(attempts.filter((a) => a === 2).length >= 2, `attempts seen: ${attempts.join(',')}`);
      assert.ok(!attempts.includes(3));
      const failures = fx.statuses.items.filter(
        (s) => s.content.notification_id === request.notification_id && s.content.status === 'attempt_failed',
      );
      assert.equal(failures.length, 1);
    } finally {
      breaker.shutdown();
    }
  });
});
