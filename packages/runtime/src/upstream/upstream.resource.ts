import type { Static, TSchema } from '@sinclair/typebox';
import type { TypeCheck } from '@sinclair/typebox/compiler';
import { PermanentDeliveryError, TransientDeliveryError } from '../broker/delivery-errors';
import type { Dispatcher } from './upstream.pool';
import { requestUpstream, upstreamMessageOf } from './upstream.request';

/**
 * Reads what another Herald service answers in its data envelope for a GET, for a delivery: a 404 is
 * `notFound` and any other refusal the service's message, both permanent; a body outside the contract is
 * transient (most likely a deploy in progress), and so are no answer, a timeout, a 5xx and a 429.
 */
export async function readUpstreamResource<T extends TSchema>(options: {
  service: string;
  url: string;
  /** The compiled schema of the envelope's `data`. */
  check: TypeCheck<T>;
  /** What the data is, for the error when it does not match ("a user", "devices"). */
  what: string;
  /** The permanent failure's reason when the service answers 404 (`user_not_found: <id>`). */
  notFound: string;
  timeoutMs: number;
  signal: AbortSignal;
  dispatcher?: Dispatcher | undefined;
}): Promise<Static<T>> {
  const { service, check } = options;
  const answer = await requestUpstream(service, options.url, {
    method: 'GET',
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    dispatcher: options.dispatcher,
  });
  if (answer.status === 404) throw new PermanentDeliveryError(options.notFound);
  if (answer.status !== 200) {
    throw new PermanentDeliveryError(`${service} answered ${answer.status}: ${upstreamMessageOf(answer)}`);
  }
  const data = (answer.body as { data?: unknown } | undefined)?.data;
  if (!check.Check(data)) {
    const first = check.Errors(data).First();
    throw new TransientDeliveryError(
      `${service} answered ${options.what} outside the contract: ${first?.path ?? '/'} ${first?.message ?? ''}`.trim(),
    );
  }
  return data;
}
