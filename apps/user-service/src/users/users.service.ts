import type { Kysely } from 'kysely';
import {
  paginationMeta,
  type CreateUserRequest,
  type ListUsersQuery,
  type PaginationMeta,
  type UpdateUserRequest,
  type User,
  type UserPreferences,
} from '@herald/contracts';
import { AppError, type JsonCache } from '@herald/runtime';
import type { UserDatabase } from '../database';
import type { DevicesService } from '../devices/devices.service';
import { hashPassword } from './password.hasher';
import { findUserById, insertUser, listUsers, updateUser } from './users.repository';
import type { UserRow, UserRowUpdate } from './users.table';

const uniqueViolation = '23505';

/** Maps a row to the public User: never the password hash. */
export function toUser(row: UserRow): User {
  return {
    user_id: row.user_id,
    name: row.name,
    email: row.email,
    preferences: { email: row.email_enabled, push: row.push_enabled },
    language: row.language,
    timezone: row.timezone,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === uniqueViolation;
}

const emailTaken = () => new AppError('email_taken', 'A user with this email already exists');
const userNotFound = (userId: string) => new AppError('user_not_found', `No user with id ${userId}`);

export interface UsersService {
  createUser(request: CreateUserRequest): Promise<User>;
  getUser(userId: string): Promise<User>;
  updateUser(userId: string, request: UpdateUserRequest): Promise<User>;
  listUsers(query: ListUsersQuery): Promise<{ users: User[]; meta: PaginationMeta }>;
  getPreferences(userId: string): Promise<UserPreferences>;
  putPreferences(userId: string, preferences: UserPreferences): Promise<UserPreferences>;
}

/** Users and their preferences; reads go through the cache and every change drops it. */
export function createUsersService(deps: {
  db: Kysely<UserDatabase>;
  cache: JsonCache<User>;
  devices: DevicesService;
}): UsersService {
  const { db, cache, devices } = deps;

  async function getUser(userId: string): Promise<User> {
    const cached = await cache.get(userId);
    if (cached) return cached;
    const row = await findUserById(db, userId);
    if (!row) throw userNotFound(userId);
    const user = toUser(row);
    await cache.set(userId, user);
    return user;
  }

  async function applyChanges(userId: string, changes: UserRowUpdate): Promise<User> {
    let row: UserRow | undefined;
    try {
      row = await updateUser(db, userId, changes);
    } catch (error) {
      if (isUniqueViolation(error)) throw emailTaken();
      throw error;
    }
    if (!row) throw userNotFound(userId);
    await cache.drop(userId);
    return toUser(row);
  }

  return {
    async createUser(request) {
      const passwordHash = await hashPassword(request.password);
      let row: UserRow;
      try {
        row = await db.transaction().execute(async (trx) => {
          const inserted = await insertUser(trx, {
            name: request.name,
            email: request.email,
            password_hash: passwordHash,
            email_enabled: request.preferences.email,
            push_enabled: request.preferences.push,
            language: request.language ?? 'en',
            timezone: request.timezone ?? 'UTC',
          });
          if (request.push_token) {
            await devices.registerDeviceIn(trx, inserted.user_id, { platform: 'ios', token: request.push_token });
          }
          return inserted;
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw emailTaken();
        throw error;
      }
      return toUser(row);
    },

    getUser,

    async updateUser(userId, request) {
      const changes: UserRowUpdate = {};
      if (request.name !== undefined) changes.name = request.name;
      if (request.email !== undefined) changes.email = request.email;
      if (request.password !== undefined) changes.password_hash = await hashPassword(request.password);
      if (request.preferences !== undefined) {
        changes.email_enabled = request.preferences.email;
        changes.push_enabled = request.preferences.push;
      }
      if (request.language !== undefined) changes.language = request.language;
      if (request.timezone !== undefined) changes.timezone = request.timezone;
      return applyChanges(userId, changes);
    },

    async listUsers(query) {
      const page = query.page ?? 1;
      const limit = query.limit ?? 20;
      const { rows, total } = await listUsers(db, { email: query.email, offset: (page - 1) * limit, limit });
      return { users: rows.map(toUser), meta: paginationMeta(total, page, limit) };
    },

    async getPreferences(userId) {
      return (await getUser(userId)).preferences;
    },

    async putPreferences(userId, preferences) {
      const user = await applyChanges(userId, { email_enabled: preferences.email, push_enabled: preferences.push });
      return user.preferences;
    },
  };
}
