import type { Kysely } from 'kysely';
import type {
  CreateTemplateRequest,
  RenderedTemplate,
  RenderTemplateRequest,
  Template,
  ValidationDetail,
} from '@herald/contracts';
import { AppError } from '@herald/runtime';
import type { TemplateDatabase } from '../database';
import { canonicalLanguage, languageFallbacks } from './language.tag';
import { templateKey, type TemplateCache } from './template.cache';
import { templateVariables, type TemplateRenderer } from '@herald/templating';
import {
  claimTemplateCode,
  findLatestVersions,
  findTemplateCode,
  findVersion,
  insertTemplateVersion,
  listVersions,
  nextVersionNumber,
} from './templates.repository';
import type { TemplateRow } from './templates.table';

/** Maps a row to the public Template. */
export function toTemplate(row: TemplateRow): Template {
  return {
    template_id: row.template_id,
    code: row.code,
    channel: row.channel,
    language: row.language,
    version: row.version,
    subject: row.subject,
    body: row.body,
    html: row.html,
    title: row.title,
    variables: row.variables,
    created_at: row.created_at.toISOString(),
  };
}

const canonicalOrAbsent = (language: string | undefined) =>
  language === undefined ? undefined : canonicalLanguage(language);

const templateNotFound = (code: string, language?: string) =>
  new AppError(
    'template_not_found',
    `No template ${code}${language ? ` in ${language} or a fallback language` : ''}`,
  );

// What each channel sends: an email has a subject (and may have HTML), a push has a title.
const partsByChannel = {
  email: { required: 'subject', refused: ['title'] },
  push: { required: 'title', refused: ['subject', 'html'] },
} as const;

function checkChannelParts(request: CreateTemplateRequest): void {
  const { required, refused } = partsByChannel[request.channel];
  const details: ValidationDetail[] = [];
  if (request[required] === undefined) {
    details.push({ path: `/${required}`, message: `${request.channel} templates need a ${required}` });
  }
  for (const part of refused) {
    if (request[part] !== undefined)
      details.push({ path: `/${part}`, message: `${request.channel} templates have no ${part}` });
  }
  if (details.length > 0) {
    throw new AppError(
      'validation_failed',
      `The template is invalid: ${details.map((d) => d.message).join('; ')}`,
      details,
    );
  }
}

export interface TemplatesService {
  createTemplate(request: CreateTemplateRequest): Promise<Template>;
  getTemplate(code: string, language: string | undefined): Promise<Template>;
  listTemplateVersions(code: string, language: string | undefined): Promise<Template[]>;
  renderTemplate(code: string, request: RenderTemplateRequest): Promise<RenderedTemplate>;
}

/** Template versions per code and language, their lookup with language fallback, and their rendering. */
export function createTemplatesService(deps: {
  db: Kysely<TemplateDatabase>;
  cache: TemplateCache;
  renderer: TemplateRenderer;
}): TemplatesService {
  const { db, cache, renderer } = deps;

  /** The latest version in the best language that has one. */
  async function resolveLatest(code: string, language: string | undefined): Promise<TemplateRow> {
    const owner = await findTemplateCode(db, code);
    if (!owner) throw templateNotFound(code);
    const candidates = languageFallbacks(language, owner.default_language);
    const rows = await findLatestVersions(db, code, candidates);
    for (const candidate of candidates) {
      const row = rows.find((r) => r.language === candidate);
      if (row) return row;
    }
    throw templateNotFound(code, language);
  }

  async function findRequestedVersion(
    code: string,
    language: string | undefined,
    version: number,
  ): Promise<Template> {
    const latest = await resolveLatest(code, language);
    const row = latest.version === version ? latest : await findVersion(db, code, latest.language, version);
    if (!row)
      throw new AppError(
        'template_not_found',
        `Template ${code} has no version ${version} in ${latest.language}`,
      );
    return toTemplate(row);
  }

  /** The version a lookup resolves to, from the cache when the code's generation is known. */
  async function getResolved(
    code: string,
    request: { language: string | undefined; version?: number | undefined },
    generation: string | undefined,
  ): Promise<Template> {
    const key = generation === undefined ? undefined : templateKey(code, generation, request);
    const cached = key === undefined ? undefined : cache.get(key);
    if (cached) return cached;
    const template =
      request.version === undefined
        ? toTemplate(await resolveLatest(code, request.language))
        : await findRequestedVersion(code, request.language, request.version);
    if (key !== undefined) cache.set(key, template);
    return template;
  }

  return {
    async createTemplate(request) {
      checkChannelParts(request);
      const sources = {
        subject: request.subject,
        body: request.body,
        html: request.html,
        title: request.title,
      };
      const variables = templateVariables(sources);
      const language = canonicalLanguage(request.language ?? 'en');
      const row = await db.transaction().execute(async (trx) => {
        const owner = await claimTemplateCode(trx, {
          code: request.code,
          channel: request.channel,
          default_language: language,
        });
        if (owner.channel !== request.channel) {
          throw new AppError(
            'conflict',
            `Template ${request.code} is for ${owner.channel}, not ${request.channel}: a code keeps the channel of its first version`,
          );
        }
        const inserted = await insertTemplateVersion(trx, {
          code: request.code,
          language,
          version: await nextVersionNumber(trx, request.code, language),
          subject: sources.subject ?? null,
          body: sources.body,
          html: sources.html ?? null,
          title: sources.title ?? null,
          variables,
        });
        return { ...inserted, channel: owner.channel };
      });
      await cache.invalidate(request.code);
      return toTemplate(row);
    },

    async getTemplate(code, requested) {
      return getResolved(code, { language: canonicalOrAbsent(requested) }, await cache.generationOf(code));
    },

    async listTemplateVersions(code, requested) {
      const language = canonicalOrAbsent(requested);
      if (language === undefined) {
        const rows = await listVersions(db, code, undefined);
        if (rows.length === 0) throw templateNotFound(code);
        return rows.map(toTemplate);
      }
      const latest = await resolveLatest(code, language);
      return (await listVersions(db, code, latest.language)).map(toTemplate);
    },

    async renderTemplate(code, request) {
      const generation = await cache.generationOf(code);
      const language = canonicalOrAbsent(request.language);
      const template = await getResolved(code, { language, version: request.version }, generation);
      return renderer.render(template, request.variables);
    },
  };
}
