import type { Kysely } from 'kysely';
import type { TemplateDatabase } from '../database';
import type {
  NewTemplateCodeRow,
  NewTemplateVersionRow,
  TemplateCodeRow,
  TemplateRow,
  TemplateVersionRow,
} from './templates.table';

type Db = Kysely<TemplateDatabase>;

/**
 * Registers a code on its first version, or finds it; either way the row stays locked until the
 * transaction ends, so versions of one code are numbered one at a time. The no-op update is what takes
 * the lock: `DO NOTHING` would neither lock nor return the existing row.
 */
export async function claimTemplateCode(trx: Db, code: NewTemplateCodeRow): Promise<TemplateCodeRow> {
  return trx
    .insertInto('template_codes')
    .values(code)
    .onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({ code: eb.ref('excluded.code') })))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findTemplateCode(db: Db, code: string): Promise<TemplateCodeRow | undefined> {
  return db.selectFrom('template_codes').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function nextVersionNumber(trx: Db, code: string, language: string): Promise<number> {
  const { latest } = await trx
    .selectFrom('template_versions')
    .select((eb) => eb.fn.max('version').as('latest'))
    .where('code', '=', code)
    .where('language', '=', language)
    .executeTakeFirstOrThrow();
  return (latest ?? 0) + 1;
}

export async function insertTemplateVersion(
  trx: Db,
  row: NewTemplateVersionRow,
): Promise<TemplateVersionRow> {
  return trx.insertInto('template_versions').values(row).returningAll().executeTakeFirstOrThrow();
}

function selectTemplates(db: Db) {
  return db
    .selectFrom('template_versions')
    .innerJoin('template_codes', 'template_codes.code', 'template_versions.code')
    .selectAll('template_versions')
    .select('template_codes.channel');
}

/** The latest version of a code in each of `languages` that has one. */
export async function findLatestVersions(
  db: Db,
  code: string,
  languages: readonly string[],
): Promise<TemplateRow[]> {
  return selectTemplates(db)
    .distinctOn('template_versions.language')
    .where('template_versions.code', '=', code)
    .where('template_versions.language', 'in', languages)
    .orderBy('template_versions.language')
    .orderBy('template_versions.version', 'desc')
    .execute();
}

export async function findVersion(
  db: Db,
  code: string,
  language: string,
  version: number,
): Promise<TemplateRow | undefined> {
  return selectTemplates(db)
    .where('template_versions.code', '=', code)
    .where('template_versions.language', '=', language)
    .where('template_versions.version', '=', version)
    .executeTakeFirst();
}

/** Every version of a code, newest first; in one language when `language` is given. */
export async function listVersions(
  db: Db,
  code: string,
  language: string | undefined,
): Promise<TemplateRow[]> {
  let query = selectTemplates(db).where('template_versions.code', '=', code);
  if (language !== undefined) query = query.where('template_versions.language', '=', language);
  return query
    .orderBy('template_versions.created_at', 'desc')
    .orderBy('template_versions.language')
    .orderBy('template_versions.version', 'desc')
    .execute();
}
