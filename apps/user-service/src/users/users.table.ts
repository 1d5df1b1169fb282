import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface UsersTable {
  user_id: Generated<string>;
  name: string;
  email: string;
  password_hash: string;
  email_enabled: boolean;
  push_enabled: boolean;
  language: string;
  timezone: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type UserRowUpdate = Updateable<UsersTable>;
