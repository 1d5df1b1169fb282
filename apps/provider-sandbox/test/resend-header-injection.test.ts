import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newEmail, useProviderSandbox } from './provider-sandbox.fixture';

describe('line breaks that could inject a header', () => {
  const fx = useProviderSandbox();

  const cases = {
    subject: { subject: 'Hello\r\nBcc: victim@example.com' },
    'subject with a bare LF': { subject: 'Hello\nBcc: victim@example.com' },
    from: { from: 'Herald <noreply@example.com>\r\nBcc: victim@example.com' },
    to: { to: ['ok@example.com', 'x@example.com\nBcc: victim@example.com'] },
    reply_to: { replyTo: 'reply@example.com\r\nX-Evil: 1' },
    'a header value': { headers: { 'X-Entity-Ref-ID': 'id\r\nBcc: victim@example.com' } },
  };

  for (const [field, overrides] of Object.entries(cases)) {
    it(`answers 422 validation_error for CR/LF in ${field}`, async () => {
      const { data, error } = await fx.resend.emails.send(newEmail(overrides));
      assert.equal(data, null);
      assert.equal(error?.statusCode, 422);
      assert.equal(error?.name, 'validation_error');
      assert.deepEqual(await fx.emails(), []);
    });
  }
});
