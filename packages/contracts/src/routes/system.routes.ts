import { DataEnvelope } from '../http/envelope.schema';
import type { RouteSpec } from '../http/route.types';
import { Health, Readiness } from '../http/system.schema';

const tag = 'system';
const owner = 'api-gateway';

export const SystemRoutes = {
  getHealth: {
    operationId: 'getHealth',
    method: 'get',
    path: '/health',
    summary: 'Liveness: the process answers',
    tag,
    owner,
    auth: 'none',
    responses: { 200: { description: 'Alive', schema: DataEnvelope(Health) } },
  },
  getReadiness: {
    operationId: 'getReadiness',
    method: 'get',
    path: '/ready',
    summary: 'Readiness: every dependency answers',
    tag,
    owner,
    auth: 'none',
    responses: {
      200: { description: 'Ready, with each check', schema: DataEnvelope(Readiness) },
      503: { description: 'A dependency is down; the message names it (service_unavailable)' },
    },
  },
  getMetrics: {
    operationId: 'getMetrics',
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics',
    tag,
    owner,
    auth: 'none',
    responses: { 200: { description: 'Metrics in the Prometheus text format', contentType: 'text/plain' } },
  },
  getOpenApiDocument: {
    operationId: 'getOpenApiDocument',
    method: 'get',
    path: '/openapi.json',
    summary: 'This OpenAPI document',
    tag,
    owner,
    auth: 'none',
    responses: { 200: { description: 'The OpenAPI 3.1 document', contentType: 'application/json' } },
  },
  getDocs: {
    operationId: 'getDocs',
    method: 'get',
    path: '/docs',
    summary: 'Interactive API documentation',
    tag,
    owner,
    auth: 'none',
    responses: { 200: { description: 'An HTML page', contentType: 'text/html' } },
  },
} as const satisfies Record<string, RouteSpec>;
