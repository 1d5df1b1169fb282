import { sql, type Kysely } from 'kysely';
import type { UserDatabase } from '../database';
import type { NewUserRow, UserRow, UserRowUpdate } from './users.table';

export async function insertUser(db: Kysely<UserDatabase>, user: NewUserRow): Promise<UserRow> {
  return db.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow();
}

export async function findUserById(db: Kysely<UserDatabase>, userId: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export async function findUserByEmail(db: Kysely<UserDatabase>, email: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
}

export async function updateUser(
  db: Kysely<UserDatabase>,
  userId: string,
  changes: UserRowUpdate,
): Promise<UserRow | undefined> {
  return db
    .updateTable('users')
    .set({ ...changes, updated_at: sql`now()` })
    .where('user_id', '=', userId)
    .returningAll()
    .executeTakeFirst();
}

export async function listUsers(
  db: Kysely<UserDatabase>,
  filter: { email?: string | undefined; offset: number; limit: number },
): Promise<{ rows: UserRow[]; total: number }> {
  let query = db.selectFrom('users');
  if (filter.email !== undefined) query = query.where(sql<string>`lower(email)`, '=', filter.email.toLowerCase());
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('created_at').orderBy('user_id').offset(filter.offset).limit(filter.limit).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.total };
}
