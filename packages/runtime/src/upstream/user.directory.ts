import { TypeCompiler } from '@sinclair/typebox/compiler';
import { User, UserRoutes } from '@herald/contracts';
import type { Dispatcher } from './upstream.pool';
import { readUpstreamResource } from './upstream.resource';
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
    const user = await readUpstreamResource({
      service: 'user service',
      url: url.toString(),
      check: checkUser,
      what: 'a user',
      notFound: `user_not_found: ${userId}`,
      timeoutMs,
      signal,
      dispatcher,
    });
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
