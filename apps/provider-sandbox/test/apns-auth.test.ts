import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import type { ApnsPush } from '../src/apns/apns.store';
import { useProviderSandbox } from './provider-sandbox.fixture';
import {
  apnsRequest,
  newDeviceToken,
  newNotification,
  providerToken,
  useApnsProviders,
} from './push-sandbox.fixture';

describe('APNs provider tokens', () => {
  const fx = useProviderSandbox();
  const newProvider = useApnsProviders(fx);
  const push = (authorization: string | undefined) =>
    apnsRequest(fx, {
      path: `/3/device/${newDeviceToken()}`,
      headers: {
        'apns-topic': 'com.example.herald',
        ...(authorization === undefined ? {} : { authorization }),
      },
      body: JSON.stringify({ aps: { alert: 'hi' } }),
    });

  it('refuses a token signed by another key with 403 InvalidProviderToken', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const result = await newProvider({ key: pem }).send(newNotification(fx), newDeviceToken());
    assert.equal(result.failed[0]?.status, 403);
    assert.deepEqual(result.failed[0]?.response, { reason: 'InvalidProviderToken' });
    assert.deepEqual(await fx.control<ApnsPush[]>('/sandbox/apns/pushes'), []);
  });

  it('refuses a token for another key id or team with 403 InvalidProviderToken', async () => {
    for (const claims of [{ kid: 'OTHERKEY01' }, { iss: 'OTHERTEAM1' }]) {
      const answer = await push(`bearer ${await providerToken(fx, claims)}`);
      assert.equal(answer.status, 403, JSON.stringify(claims));
      assert.deepEqual(answer.body, { reason: 'InvalidProviderToken' });
    }
  });

  it('refuses a token issued more than an hour ago with 403 ExpiredProviderToken', async () => {
    const answer = await push(
      `bearer ${await providerToken(fx, { iat: Math.floor(Date.now() / 1000) - 3_700 })}`,
    );
    assert.equal(answer.status, 403);
    assert.deepEqual(answer.body, { reason: 'ExpiredProviderToken' });
  });

  it('refuses a push without a token with 403 MissingProviderToken, and garbage with InvalidProviderToken', async () => {
    assert.deepEqual((await push(undefined)).body, { reason: 'MissingProviderToken' });
    assert.deepEqual((await push('bearer not.a.jwt')).body, { reason: 'InvalidProviderToken' });
  });

  it('answers every refusal with an apns-id, echoing the one sent', async () => {
    const apnsId = '4a9f8a39-5ad8-4a5e-9f38-2f5b1c7b0a11';
    const answer = await apnsRequest(fx, {
      path: `/3/device/${newDeviceToken()}`,
      headers: { 'apns-id': apnsId, authorization: `bearer ${await providerToken(fx)}` },
      body: JSON.stringify({ aps: {} }),
    });
    assert.equal(answer.status, 400);
    assert.deepEqual(answer.body, { reason: 'MissingTopic' });
    assert.equal(answer.headers['apns-id'], apnsId);
  });
});
