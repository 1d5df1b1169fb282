import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createHeraldClient, type components } from '../src/index';

type SendNotificationRequest = components['schemas']['SendNotificationRequest'];

// Answers every request itself, so the test sees exactly what the client sends.
function recordingFetch(requests: Request[]) {
  return async (request: Request): Promise<Response> => {
    requests.push(request);
    const body = {
      success: true,
      data: { notification_id: crypto.randomUUID(), request_id: 'r-1', status: 'pending' },
    };
    return new Response(JSON.stringify({ ...body, message: 'accepted' }), {
      status: 202,
      headers: { 'content-type': 'application/json' },
    });
  };
}

describe('the Herald client', () => {
  it('sends the API key and correlation id on a typed request', async () => {
    const requests: Request[] = [];
    const client = createHeraldClient({
      baseUrl: 'http://gateway.test',
      apiKey: 'hk_test',
      correlationId: 'c-1',
      fetch: recordingFetch(requests),
    });
    const body: SendNotificationRequest = {
      notification_type: 'email',
      user_id: crypto.randomUUID(),
      template_code: 'welcome',
      variables: { name: 'Ada', order: 42 },
      request_id: 'r-1',
    };
    // @ts-expect-error: the generated types know the channels
    const wrong: SendNotificationRequest = { ...body, notification_type: 'sms' };
    assert.ok(wrong);
    const { data, error, response } = await client.POST('/api/v1/notifications', { body });
    assert.equal(response.status, 202);
    assert.equal(error, undefined);
    assert.equal(data?.data.status, 'pending');
    const [request] = requests;
    assert.equal(request?.url, 'http://gateway.test/api/v1/notifications');
    assert.equal(request?.headers.get('x-api-key'), 'hk_test');
    assert.equal(request?.headers.get('x-correlation-id'), 'c-1');
  });

  it("sends a user's access token as a bearer token", async () => {
    const requests: Request[] = [];
    const client = createHeraldClient({
      baseUrl: 'http://gateway.test',
      accessToken: 'jwt',
      fetch: recordingFetch(requests),
    });
    await client.GET('/api/v1/users/{id}', { params: { path: { id: crypto.randomUUID() } } });
    assert.equal(requests[0]?.headers.get('authorization'), 'Bearer jwt');
    assert.equal(requests[0]?.headers.get('x-api-key'), null);
  });

  it('refuses an API key and an access token together', () => {
    assert.throws(() =>
      createHeraldClient({ baseUrl: 'http://gateway.test', apiKey: 'k', accessToken: 't' }),
    );
  });
});
