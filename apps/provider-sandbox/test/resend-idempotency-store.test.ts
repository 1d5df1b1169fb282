import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createIdempotencyStore } from '../src/resend/resend.idempotency';

const answer = { status: 200, body: { id: 'e-1' }, email_ids: ['e-1'] };

function claimed(store: ReturnType<typeof createIdempotencyStore>, key: string, payload: unknown[]) {
  const claim = store.claim(key, payload);
  assert.equal(claim.kind, 'claimed');
  claim.complete(answer);
}

describe('idempotency store', () => {
  it('compares a key past the newest maxPayloads by its hash: same payload in another order replays, another is refused', () => {
    const store = createIdempotencyStore({ now: () => 0, maxKeys: 10, maxPayloads: 1 });
    claimed(store, 'old', ['/emails', null, { to: ['a@example.com'], subject: 'Hi' }]);
    // The next key pushes the first one's payload out; it is kept as a hash from here on.
    claimed(store, 'new', ['/emails', null, { to: ['b@example.com'], subject: 'Hi' }]);

    const replay = store.claim('old', ['/emails', null, { subject: 'Hi', to: ['a@example.com'] }]);
    assert.equal(replay.kind, 'replay');
    assert.throws(() => store.claim('old', ['/emails', null, { to: ['a@example.com'], subject: 'Hello' }]), {
      errorName: 'invalid_idempotent_request',
    });
    assert.throws(() => store.claim('new', ['/emails', null, { to: ['c@example.com'], subject: 'Hi' }]), {
      errorName: 'invalid_idempotent_request',
    });
  });
});
