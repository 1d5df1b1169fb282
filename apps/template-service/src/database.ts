import type { TemplateCodesTable, TemplateVersionsTable } from './templates/templates.table';

/** The tables of `herald_templates`, as kysely sees them. */
export interface TemplateDatabase {
  template_codes: TemplateCodesTable;
  template_versions: TemplateVersionsTable;
}
