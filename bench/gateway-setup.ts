/** The user and template every benchmark notification goes to, created through the gateway as a caller would. */
export interface BenchRecipient {
  readonly userId: string;
  readonly templateCode: string;
}

async function postJson(url: string, apiKey: string, body: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  if (response.status !== 201)
    throw new Error(`POST ${new URL(url).pathname} answered ${response.status}: ${text}`);
  return (JSON.parse(text) as { data: unknown }).data;
}

export async function createRecipient(
  gatewayUrl: string,
  apiKey: string,
  runId: string,
): Promise<BenchRecipient> {
  const api = `${gatewayUrl}/api/v1`;
  const template = (await postJson(`${api}/templates`, apiKey, {
    code: `bench-welcome-${runId.replaceAll('_', '-')}`,
    channel: 'email',
    language: 'en',
    subject: 'Welcome, {{name}}',
    body: 'Hi {{name}}, your account is ready. Start here: {{link}}',
    html: '<p>Hi {{name}},</p><p>your account is ready. <a href="{{link}}">Start here</a>.</p>',
  })) as { code: string };
  const user = (await postJson(`${api}/users`, apiKey, {
    name: 'Bench Reader',
    email: `${runId}@example.com`,
    password: 'bench-password-not-secret',
    preferences: { email: true, push: false },
  })) as { user_id: string };
  return { userId: user.user_id, templateCode: template.code };
}
