import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ErrorEnvelope } from '@herald/contracts';
import { adminKey, newUser, useGateway } from './gateway.fixture';

const errorOf = async (response: Response) => (await response.json()) as ErrorEnvelope;

describe('the gateway edge', () => {
  const fx = useGateway();
  const headers = { 'x-api-key': adminKey, 'content-type': 'application/json' };

  it('answers 413 payload_too_large for a 1 MB body before forwarding it', async () => {
    const response = await fetch(`${fx.gateway.url}/api/v1/users`, {
      method: 'POST',
      headers,
      body: JSON.stringify(newUser({ name: 'x'.repeat(1024 * 1024) })),
    });
    assert.equal(response.status, 413);
    assert.equal((await errorOf(response)).error, 'payload_too_large');
  });

  it('answers 415 unsupported_media_type for a text/plain body', async () => {
    const response = await fetch(`${fx.gateway.url}/api/v1/users`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'text/plain' },
      body: 'hello',
    });
    assert.equal(response.status, 415);
    assert.equal((await errorOf(response)).error, 'unsupported_media_type');
  });

  it("passes on the user service's validation answer with its details", async () => {
    const response = await fetch(`${fx.gateway.url}/api/v1/users`, {
      method: 'POST',
      headers,
      body: JSON.stringify(newUser({ email: 'nope' })),
    });
    assert.equal(response.status, 400);
    const body = await errorOf(response);
    assert.equal(body.error, 'validation_failed');
    assert.equal(body.details?.[0]?.path, '/email');
  });

  it('returns the caller’s correlation id, and makes one when there is none', async () => {
    const given = await fetch(`${fx.gateway.url}/api/v1/users`, { headers: { ...headers, 'x-correlation-id': 'abc-123' } });
    assert.equal(given.headers.get('x-correlation-id'), 'abc-123');
    const made = await fetch(`${fx.gateway.url}/health`);
    assert.match(made.headers.get('x-correlation-id') ?? '', /^[0-9a-f-]{36}$/);
  });

  it('answers 404 not_found in the envelope for an unknown path', async () => {
    const response = await fetch(`${fx.gateway.url}/api/v1/nothing-here`, { headers });
    assert.equal(response.status, 404);
    assert.equal((await errorOf(response)).error, 'not_found');
  });

  it('is ready when its database, Redis and RabbitMQ answer', async () => {
    const response = await fetch(`${fx.gateway.url}/ready`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as { data: { checks: Record<string, { ok: boolean }> } };
    assert.deepEqual(Object.keys(body.data.checks).sort(), ['postgres', 'rabbitmq', 'redis']);
  });

  it('serves Prometheus metrics labelled by route pattern', async () => {
    await fetch(`${fx.gateway.url}/api/v1/users`, { headers });
    const text = await (await fetch(`${fx.gateway.url}/metrics`)).text();
    assert.match(text, /http_requests_total\{[^}]*route="\/api\/v1\/users"/);
    assert.match(text, /http_request_duration_seconds_bucket/);
  });

  it('answers 503 service_unavailable when the user service is down', async () => {
    await fx.userService.stop();
    const response = await fetch(`${fx.gateway.url}/api/v1/users`, { headers });
    assert.equal(response.status, 503);
    assert.equal((await errorOf(response)).error, 'service_unavailable');
  });
});
