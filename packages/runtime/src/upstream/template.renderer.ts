import { TypeCompiler } from '@sinclair/typebox/compiler';
import { RenderedTemplate, TemplateRoutes, type RenderTemplateRequest } from '@herald/contracts';
import { PermanentDeliveryError, TransientDeliveryError } from '../broker/delivery-errors';
import type { Dispatcher } from './upstream.pool';
import { requestUpstream, upstreamMessageOf } from './upstream.request';

const checkRendered = TypeCompiler.Compile(RenderedTemplate);

export interface TemplateRenderer {
  /** Renders a template through the template service, which owns templates, languages and escaping. */
  render(code: string, request: RenderTemplateRequest, signal: AbortSignal): Promise<RenderedTemplate>;
}

/** Renders through the template service: an unknown template or a missing variable is permanent, an outage transient. */
export function createTemplateRenderer(deps: {
  baseUrl: string;
  timeoutMs: number;
  dispatcher?: Dispatcher;
}): TemplateRenderer {
  const { baseUrl, timeoutMs, dispatcher } = deps;
  return {
    async render(code, request, signal) {
      const url = new URL(
        TemplateRoutes.renderTemplate.path.replace('{code}', encodeURIComponent(code)),
        baseUrl,
      );
      const answer = await requestUpstream('template service', url.toString(), {
        method: 'POST',
        json: request,
        timeoutMs,
        signal,
        dispatcher,
      });
      if (answer.status === 404) throw new PermanentDeliveryError(`template_not_found: ${code}`);
      if (answer.status !== 200) {
        throw new PermanentDeliveryError(
          `template ${code} could not be rendered: ${upstreamMessageOf(answer)}`,
        );
      }
      const rendered = (answer.body as { data?: unknown } | undefined)?.data;
      if (!checkRendered.Check(rendered)) {
        const first = checkRendered.Errors(rendered).First();
        throw new TransientDeliveryError(
          `template service answered outside the contract: ${first?.path ?? '/'} ${first?.message ?? ''}`.trim(),
        );
      }
      return rendered;
    },
  };
}
