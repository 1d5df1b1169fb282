import { Type, type Static } from '@sinclair/typebox';
import { CommonEnv, DatabaseEnv, PortEnv } from '@herald/runtime';

export const TemplateServiceEnv = Type.Composite([
  CommonEnv,
  DatabaseEnv,
  Type.Object({ TEMPLATE_SERVICE_PORT: PortEnv(8082) }),
]);
export type TemplateServiceConfig = Static<typeof TemplateServiceEnv>;

export const templateServiceDatabase = 'herald_templates';
