import { Type } from '@sinclair/typebox';
import { DataEnvelope } from '../http/envelope.schema';
import type { RouteSpec } from '../http/route.types';
import {
  CreateTemplateRequest,
  RenderedTemplate,
  RenderTemplateRequest,
  Template,
  TemplateParams,
  TemplateQuery,
} from '../http/templates.schema';

const tag = 'templates';
const owner = 'template-service';

export const TemplateRoutes = {
  createTemplate: {
    operationId: 'createTemplate',
    method: 'post',
    path: '/api/v1/templates',
    summary: 'Create a template, or the next version of a code and language',
    tag,
    owner,
    auth: 'api_key',
    scope: 'templates:write',
    body: CreateTemplateRequest,
    responses: {
      201: { description: 'The new version (1 for a new code and language)', schema: DataEnvelope(Template) },
      409: { description: 'The code already exists on the other channel' },
    },
  },
  getTemplate: {
    operationId: 'getTemplate',
    method: 'get',
    path: '/api/v1/templates/{code}',
    summary: 'Read the latest version of a template (language falls back: pt-BR, pt, then the default)',
    tag,
    owner,
    auth: 'api_key',
    scope: 'templates:read',
    params: TemplateParams,
    query: TemplateQuery,
    responses: {
      200: { description: 'The latest version', schema: DataEnvelope(Template) },
      404: { description: 'No such template (template_not_found)' },
    },
  },
  listTemplateVersions: {
    operationId: 'listTemplateVersions',
    method: 'get',
    path: '/api/v1/templates/{code}/versions',
    summary: "List a template's versions, newest first",
    tag,
    owner,
    auth: 'api_key',
    scope: 'templates:read',
    params: TemplateParams,
    query: TemplateQuery,
    responses: {
      200: { description: 'Every version', schema: DataEnvelope(Type.Array(Template)) },
      404: { description: 'No such template (template_not_found)' },
    },
  },
  renderTemplate: {
    operationId: 'renderTemplate',
    method: 'post',
    path: '/api/v1/templates/{code}/render',
    summary: 'Render a template with variables (values are HTML-escaped in HTML bodies)',
    tag,
    owner,
    auth: 'api_key',
    scope: 'templates:read',
    params: TemplateParams,
    body: RenderTemplateRequest,
    responses: {
      200: { description: 'The rendered parts', schema: DataEnvelope(RenderedTemplate) },
      400: { description: 'A variable the template uses is missing; the details name it' },
      404: { description: 'No such template or version (template_not_found)' },
    },
  },
} as const satisfies Record<string, RouteSpec>;
