import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApnsPush, ApnsRequestRecord } from '../src/apns/apns.store';
import { useProviderSandbox } from './provider-sandbox.fixture';
import {
  apnsRequest,
  newDeviceToken,
  newNotification,
  providerToken,
  useApnsProviders,
} from './push-sandbox.fixture';

describe('scripted APNs failures', () => {
  const fx = useProviderSandbox();
  const newProvider = useApnsProviders(fx);

  it('answers a scripted 410 Unregistered with a timestamp, then accepts again', async () => {
    const token = newDeviceToken();
    const script = await fx.controlSend('/sandbox/apns/script', {
      match: { token },
      responses: [{ status: 410, reason: 'Unregistered', unregistered_at: 1_700_000_000_000 }],
    });
    assert.equal(script.status, 201);
    const provider = newProvider();

    const gone = await provider.send(newNotification(fx), token);
    assert.equal(gone.failed[0]?.status, 410);
    assert.deepEqual(gone.failed[0]?.response, { reason: 'Unregistered', timestamp: 1_700_000_000_000 });
    assert.deepEqual((await provider.send(newNotification(fx), token)).failed, []);

    const requests = await fx.control<ApnsRequestRecord[]>('/sandbox/apns/requests', { token });
    assert.deepEqual(
      requests.map((request) => [request.status, request.reason, request.scripted]),
      [
        [410, 'Unregistered', true],
        [200, null, false],
      ],
    );
  });

  it('applies a script only to the token it matches, and answers each step in order', async () => {
    const flaky = newDeviceToken();
    await fx.controlSend('/sandbox/apns/script', {
      match: { token: flaky },
      responses: [{ reason: 'BadDeviceToken' }, { status: 429 }, { status: 500 }],
    });
    // node-apn retries 429 and 500 itself, so the answers are read raw here.
    const send = async (token: string) =>
      apnsRequest(fx, {
        path: `/3/device/${token}`,
        headers: { authorization: `bearer ${await providerToken(fx)}`, 'apns-topic': 'com.example.herald' },
        body: JSON.stringify({ aps: { alert: 'hi' } }),
      });
    assert.equal((await send(newDeviceToken())).status, 200);
    const answers = [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const answer = await send(flaky);
      answers.push(`${answer.status} ${answer.body?.reason ?? ''}`.trim());
    }
    assert.deepEqual(answers, [
      '400 BadDeviceToken',
      '429 TooManyRequests',
      '500 InternalServerError',
      '200',
    ]);
  });

  it('answers 410 Unregistered to a token unregistered through the control API, with its timestamp', async () => {
    const token = newDeviceToken();
    const marked = await fx.controlSend('/sandbox/apns/unregistered', {
      token,
      unregistered_at: 1_650_000_000_000,
    });
    assert.equal(marked.status, 201);
    const provider = newProvider();
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const result = await provider.send(newNotification(fx), token);
      assert.deepEqual(result.failed[0]?.response, { reason: 'Unregistered', timestamp: 1_650_000_000_000 });
    }
    assert.deepEqual((await provider.send(newNotification(fx), newDeviceToken())).failed, []);
  });

  it('holds the answer for hold_ms, then accepts the push', async () => {
    await fx.controlSend('/sandbox/apns/script', { responses: [{ hold_ms: 300 }] });
    const started = performance.now();
    const result = await newProvider().send(newNotification(fx), newDeviceToken());
    assert.deepEqual(result.failed, []);
    assert.ok(performance.now() - started >= 290);
    const [push] = await fx.control<ApnsPush[]>('/sandbox/apns/pushes');
    assert.ok(push && Date.parse(push.answered_at) - Date.parse(push.received_at) >= 290);
  });

  it('drops the connection on disconnect after accepting the push, and the next send reconnects', async () => {
    await fx.controlSend('/sandbox/apns/script', { responses: [{ disconnect: true }] });
    const provider = newProvider({}, { connectionRetryLimit: 0 });
    const lost = await provider.send(newNotification(fx), newDeviceToken());
    assert.equal(lost.sent.length, 0);
    assert.equal((await fx.control<ApnsPush[]>('/sandbox/apns/pushes')).length, 1);
    assert.deepEqual((await provider.send(newNotification(fx), newDeviceToken())).failed, []);
    const { opened_total } = await fx.control<{ opened_total: number }>('/sandbox/apns/connections');
    assert.equal(opened_total, 2);
  });

  it('refuses a malformed script with the Herald envelope', async () => {
    const response = await fx.controlSend('/sandbox/apns/script', { responses: [{ status: 418 }] });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { error: string }).error, 'validation_failed');
  });
});
