import type { Express } from 'express';
import type { Logger } from 'pino';
import { createHttpApp, type Metrics, type ReadinessCheck } from '@herald/runtime';
import { templatesRouter } from './templates/templates.routes';
import type { TemplatesService } from './templates/templates.service';

export interface TemplateServiceDeps {
  log: Logger;
  metrics: Metrics;
  readiness: ReadinessCheck[];
  templates: TemplatesService;
}

/** The template service's HTTP app, without listen(), so tests can mount it. */
export function createApp(deps: TemplateServiceDeps): Express {
  return createHttpApp({
    service: 'template-service',
    log: deps.log,
    metrics: deps.metrics,
    readiness: deps.readiness,
    // Templates are larger than most bodies: the contract allows 100 kB of text and 500 kB of HTML.
    bodyLimit: '2mb',
    routes: (app) => {
      app.use(templatesRouter(deps.templates));
    },
  });
}
