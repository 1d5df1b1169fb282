import { TypeCompiler } from '@sinclair/typebox/compiler';
import { User, UserRoutes } from '@herald/contracts';
import { PermanentDeliveryError, TransientDeliveryError } from '../broker/delivery-errors';
import type { Dispatcher } from './upstream.pool';
import { requestUpstream, upstreamMessageOf } from './upstream.request';
import type { UserCache } from './user.cache';

const checkUser = TypeCompiler.Compile(User);

export interface UserDirectory {
  /** The user's contact and preferences: cached briefly, else from the user service. */
  getUser(userId: string, signal: AbortSignal): Promise<User>;
}

/** Reads users from the user service; an unknown user is a permanent failure, an unreachable service a transient one. */
export function createUserDirectory(deps: {
  baseUrl: string;
  timeoutMs: number;
  cache: UserCache;
  dispatcher?: Dispatcher;
}): UserDirectory {
  const { baseUrl, timeoutMs, cache, dispatcher } = deps;
  const lookups = new Map<string, Promise<User>>();

  async function fetchUser(userId: string, signal: AbortSignal): Promise<User> {
    const url = new URL(UserRoutes.getUser.path.replace('{id}', encodeURIComponent(userId)), baseUrl);
    const answer = await requestUpstream('user service', url.toString(), {
      method: 'GET',
      timeoutMs,
      signal,
      dispatcher,
    });
    if (answer.status === 404) throw new PermanentDeliveryError(`user_not_found: ${userId}`);
    if (answer.status !== 200) {
      throw new PermanentDeliveryError(
        `user service answered ${answer.status}: ${upstreamMessageOf(answer)}`,
      );
    }
    const user = (answer.body as { data?: unknown } | undefined)?.data;
    if (!checkUser.Check(user)) {
      const first = checkUser.Errors(user).First();
      // A contract mismatch is most likely a deploy in progress: worth another attempt.
      throw new TransientDeliveryError(
        `user service answered a user outside the contract: ${first?.path ?? '/'} ${first?.message ?? ''}`.trim(),
      );
    }
    await cache.set(userId, user);
    return user;
  }

  return {
    async getUser(userId, signal) {
      const cached = await cache.get(userId);
      if (cached) return cached;
      // Concurrent misses for one user share one call, so a hot user whose entry just ended costs one call, not
      // one per message in flight. They share the first caller's signal too: that attempt's deadline ending
      // fails them all as transient, as their own deadlines soon would.
      const inFlight = lookups.get(userId);
      if (inFlight) return inFlight;
      const lookup = fetchUser(userId, signal).finally(() => lookups.delete(userId));
      lookups.set(userId, lookup);
      return lookup;
    },
  };
}
