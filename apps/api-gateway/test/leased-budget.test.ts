import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { createTestNamespace, type TestNamespace } from '@herald/testing';
import { createLeasedBudget, type Admission } from '../src/rate-limit/leased-budget';

describe('the leased rate budget', () => {
  let ns: TestNamespace;
  const clients: Redis[] = [];

  // Each copy has its own connection, as each gateway process does.
  const connect = () => {
    const redis = new Redis(ns.redisUrl, { keyPrefix: ns.redisKeyPrefix });
    clients.push(redis);
    return redis;
  };
  const copy = (perSecond: number) => createLeasedBudget({ redis: connect(), perSecond });
  const admitted = (admissions: Admission[]) => admissions.filter((admission) => admission.allowed).length;
  const burst = (budget: ReturnType<typeof copy>, key: string, n: number) =>
    Promise.all(Array.from({ length: n }, () => budget.admit(key)));

  before(() => {
    ns = createTestNamespace();
  });
  after(async () => {
    for (const client of clients) client.disconnect();
    await ns?.drop();
  });

  it('admits exactly the budget of one copy, says how long until it opens again, and opens it', async () => {
    const budget = copy(5);
    const first = await burst(budget, 'key-a', 12);
    assert.equal(admitted(first), 5);
    const refused = first.find((admission) => !admission.allowed);
    assert.equal(refused?.remaining, 0);
    assert.ok(refused && refused.msBeforeNext > 0 && refused.msBeforeNext <= 1_000);
    assert.equal(first.filter((admission) => admission.allowed).at(-1)?.remaining, 0);
    // Another key has a budget of its own.
    assert.equal(admitted(await burst(budget, 'key-b', 3)), 3);
    // As a caller would: wait as long as told, again if told again. The estimate errs early, never late (a
    // lease's round trip is counted against the window), so a retry can be told to wait a few ms more.
    let wait = refused?.msBeforeNext ?? 1_000;
    let again: Admission[] = [];
    for (let tries = 0; tries < 5 && admitted(again) === 0; tries++) {
      await sleep(wait + 5);
      again = await burst(budget, 'key-a', 12);
      wait = again[0]?.msBeforeNext ?? 1_000;
    }
    assert.equal(admitted(again), 5);
  });

  it('never lets copies sharing a budget admit more than it together, and strands little of it', async () => {
    const copies = [copy(200), copy(200), copy(200)];
    const admissions = await Promise.all(
      Array.from({ length: 600 }, (_unused, i) => copies[i % copies.length]!.admit('shared')),
    );
    const total = admitted(admissions);
    assert.ok(total <= 200, `${total} admitted of a budget of 200`);
    // At most a lease (a twentieth of the budget) left unspent by each copy.
    assert.ok(total >= 200 - 3 * 10, `only ${total} of 200 admitted`);
  });

  it('leases in bulk once the pace is known: a busy key costs Redis a few calls a window, not one per request', async () => {
    const redis = connect();
    let calls = 0;
    const counted = new Proxy(redis, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (property !== 'rlflxIncr' || typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls += 1;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const budget = createLeasedBudget({ redis: counted, perSecond: 100_000 });
    let requests = 0;
    const started = Date.now();
    while (Date.now() - started < 1_500) {
      await burst(budget, 'busy', 100);
      requests += 100;
    }
    assert.ok(calls > 0 && calls < requests / 20, `${calls} Redis calls for ${requests} requests`);
  });

  it('fails when Redis cannot be reached, so the caller can decide', async () => {
    const redis = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    redis.on('error', () => undefined);
    clients.push(redis);
    await assert.rejects(createLeasedBudget({ redis, perSecond: 10 }).admit('unreachable'));
  });
});
