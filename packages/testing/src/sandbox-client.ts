/** An email the Resend stand-in accepted, as its control API lists it. */
export interface SandboxEmail {
  id: string;
  idempotency_key: string | null;
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  html: string | null;
  text: string | null;
  headers: Record<string, string>;
  tags: { name: string; value: string }[];
}

/** One request the Resend stand-in received, whatever it answered. */
export interface SandboxRequest {
  idempotency_key: string | null;
  to: string[];
  received_at: string;
  status: number | null;
}

export interface ScriptStep {
  status?: number;
  name?: string;
  message?: string;
  retry_after_s?: number;
  hold_ms?: number;
}

async function data<T>(response: Response): Promise<T> {
  if (!response.ok) throw new Error(`sandbox answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { data: T }).data;
}

/** The provider sandbox's control API, as the tests drive it. */
export function sandboxClient(baseUrl: string) {
  return {
    emails: async (to: string) =>
      data<SandboxEmail[]>(await fetch(`${baseUrl}/sandbox/resend/emails?to=${encodeURIComponent(to)}`)),
    requests: async (to: string) =>
      data<SandboxRequest[]>(await fetch(`${baseUrl}/sandbox/resend/requests?to=${encodeURIComponent(to)}`)),
    /** The next sends to `to` get these answers, in order. */
    script: async (to: string, responses: ScriptStep[]) =>
      data<unknown>(
        await fetch(`${baseUrl}/sandbox/resend/script`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ match: { to }, responses }),
        }),
      ),
  };
}
export type SandboxClient = ReturnType<typeof sandboxClient>;
