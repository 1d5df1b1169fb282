import { TypeCompiler } from '@sinclair/typebox/compiler';
import { LRUCache } from 'lru-cache';
import { Template, TemplateRoutes, type RenderedTemplate } from '@herald/contracts';
import {
  AppError,
  PermanentDeliveryError,
  readUpstreamResource,
  TransientDeliveryError,
  type Dispatcher,
} from '@herald/runtime';
import { createTemplateRenderer } from './template.renderer';

const checkTemplate = TypeCompiler.Compile(Template);

export interface LocalTemplateRenderer {
  /** Renders the latest version of `code` in `language` (with the template service's fallbacks). */
  render(
    code: string,
    request: { variables: Record<string, unknown>; language?: string | undefined },
    signal: AbortSignal,
  ): Promise<RenderedTemplate>;
}

interface LookupContext {
  code: string;
  language: string | undefined;
  signal: AbortSignal;
}

/**
 * Renders in process, with the template service's own rules (this package), the versions the template service
 * answers for `GET /api/v1/templates/{code}`: each kept `ttlMs`, so a new version reaches sends within that
 * time, and concurrent sends of one template share one lookup. An unknown template or a missing variable is a
 * permanent failure, the template service being unreachable a transient one; neither is cached.
 */
export function createLocalTemplateRenderer(deps: {
  baseUrl: string;
  timeoutMs: number;
  ttlMs: number;
  dispatcher?: Dispatcher;
  maxTemplates?: number;
}): LocalTemplateRenderer {
  const { baseUrl, timeoutMs, dispatcher } = deps;
  const renderer = createTemplateRenderer({ maxCompiled: deps.maxTemplates ?? 500 });

  async function lookUp({ code, language, signal }: LookupContext): Promise<Template> {
    const url = new URL(TemplateRoutes.getTemplate.path.replace('{code}', encodeURIComponent(code)), baseUrl);
    if (language !== undefined) url.searchParams.set('language', language);
    return readUpstreamResource({
      service: 'template service',
      url: url.toString(),
      check: checkTemplate,
      what: 'a template',
      notFound: `template_not_found: ${code}`,
      timeoutMs,
      signal,
      dispatcher,
    });
  }

  const versions = new LRUCache<string, Template, LookupContext>({
    max: deps.maxTemplates ?? 500,
    ttl: Math.max(deps.ttlMs, 1),
    fetchMethod: (_key, _stale, { context }) => lookUp(context),
  });

  return {
    async render(code, request, signal) {
      const context = { code, language: request.language, signal };
      // A TTL of 0 keeps nothing (lru-cache would read 0 as "forever").
      const template =
        deps.ttlMs > 0 ? await versions.fetch(`${code}\n${request.language ?? ''}`, { context }) : await lookUp(context);
      if (template === undefined) throw new TransientDeliveryError(`template ${code} lookup was aborted`);
      try {
        return renderer.render(template, request.variables);
      } catch (error) {
        if (error instanceof AppError) {
          throw new PermanentDeliveryError(`template ${code} could not be rendered: ${error.message}`);
        }
        throw error;
      }
    },
  };
}
