import type { Generated, Insertable, Selectable } from 'kysely';
import type { TemplateChannel } from '@herald/contracts';

/** One row per template code: what its first version fixed for every later one. */
export interface TemplateCodesTable {
  code: string;
  channel: TemplateChannel;
  /** The language of the code's first version: the last step of the language fallback. */
  default_language: string;
  created_at: Generated<Date>;
}

/** One row per version of a code in one language; rows are never updated. */
export interface TemplateVersionsTable {
  template_id: Generated<string>;
  code: string;
  language: string;
  version: number;
  subject: string | null;
  body: string;
  html: string | null;
  title: string | null;
  /** The placeholder paths the parts use, sorted; found once at creation. */
  variables: string[];
  created_at: Generated<Date>;
}

export type TemplateCodeRow = Selectable<TemplateCodesTable>;
export type NewTemplateCodeRow = Insertable<TemplateCodesTable>;
export type TemplateVersionRow = Selectable<TemplateVersionsTable>;
export type NewTemplateVersionRow = Insertable<TemplateVersionsTable>;
/** A version with its code's channel, as reads return it. */
export type TemplateRow = TemplateVersionRow & { channel: TemplateChannel };
