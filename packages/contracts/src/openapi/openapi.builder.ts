import { ErrorEnvelope } from '../http/envelope.schema';
import type { RouteSpec } from '../http/route.types';
import { RouteList } from '../routes/route-table';
import { createSchemaRegistry, type JsonSchema, type SchemaRegistry } from './openapi.schemas';

export type OpenApiDocument = JsonSchema & {
  openapi: string;
  paths: Record<string, Record<string, JsonSchema>>;
};

const json = 'application/json';
const apiKeySecurity = [{ bearerAuth: [] }, { apiKeyHeader: [] }];

const securitySchemes = {
  bearerAuth: {
    type: 'http',
    scheme: 'bearer',
    description: "An API key, or a user's access token from POST /api/v1/auth/login (own profile only)",
  },
  apiKeyHeader: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'An API key' },
};

// Resend delivers webhooks through Svix, which signs them with these headers.
const svixHeaders = ['svix-id', 'svix-timestamp', 'svix-signature'].map((name) => ({
  name,
  in: 'header',
  required: true,
  schema: { type: 'string' },
}));

const tagDescriptions: Readonly<Record<string, string>> = {
  system: 'Liveness, readiness, metrics and this documentation',
  notifications: 'Send notifications and follow what happened to each',
  status: 'Statuses reported from outside Herald',
  webhooks: "Providers' signed delivery events",
  users: 'Users, their channel preferences and push devices',
  auth: 'User login',
  templates: 'Versioned templates per language, and rendering',
  'api-keys': 'API keys and their scopes',
};

function errorResponse(description: string): JsonSchema {
  return { description, content: { [json]: { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } } };
}

function parameters(registry: SchemaRegistry, route: RouteSpec): JsonSchema[] {
  const fromSchema = (where: 'path' | 'query', schema: RouteSpec['params']) => {
    if (!schema) return [];
    const object = registry.toJson(schema);
    const properties = (object.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((object.required ?? []) as string[]);
    return Object.entries(properties).map(([name, property]) => ({
      name,
      in: where,
      required: where === 'path' || required.has(name),
      schema: property,
    }));
  };
  const headers = route.auth === 'webhook_signature' ? svixHeaders : [];
  return [...fromSchema('path', route.params), ...fromSchema('query', route.query), ...headers];
}

function responses(registry: SchemaRegistry, route: RouteSpec): Record<string, JsonSchema> {
  const answers: Record<string, JsonSchema> = {};
  for (const [status, response] of Object.entries(route.responses)) {
    const code = Number(status);
    if (code >= 400 && !response.schema) {
      answers[status] = errorResponse(response.description);
      continue;
    }
    const contentType = response.contentType ?? json;
    const schema = response.schema
      ? registry.toJson(response.schema)
      : contentType.startsWith('text/')
        ? { type: 'string' }
        : { type: 'object' };
    const headers =
      code < 300 && route.headers
        ? Object.fromEntries(
            Object.entries(route.headers).map(([name, description]) => [
              name,
              { description, schema: { type: 'string' } },
            ]),
          )
        : undefined;
    answers[status] = {
      description: response.description,
      ...(headers && { headers }),
      content: { [contentType]: { schema } },
    };
  }
  const hasInput = route.body || route.params || route.query;
  if (hasInput && !answers['400'])
    answers['400'] = errorResponse('The request is invalid (validation_failed)');
  if (route.auth !== 'none' && !answers['401'])
    answers['401'] = errorResponse('No valid credential (unauthorized)');
  if (route.scope && !answers['403'])
    answers['403'] = errorResponse(`The credential lacks the ${route.scope} scope (forbidden)`);
  answers.default = errorResponse('An error; `error` is a stable code');
  return answers;
}

function operation(registry: SchemaRegistry, route: RouteSpec): JsonSchema {
  const open = route.auth === 'none' || route.auth === 'webhook_signature';
  const params = parameters(registry, route);
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.tag],
    ...(route.scope && { description: `Needs an API key with the \`${route.scope}\` scope.` }),
    security: open ? [] : apiKeySecurity,
    ...(params.length > 0 && { parameters: params }),
    ...(route.body && {
      requestBody: { required: true, content: { [json]: { schema: registry.toJson(route.body) } } },
    }),
    responses: responses(registry, route),
    'x-herald-owner': route.owner,
    ...(route.scope && { 'x-herald-scope': route.scope }),
  };
}

/** Builds the OpenAPI 3.1 document of Herald's public API from the route table. */
export function buildOpenApiDocument(routes: readonly RouteSpec[] = RouteList): OpenApiDocument {
  const registry = createSchemaRegistry();
  registry.toJson(ErrorEnvelope);
  const paths: OpenApiDocument['paths'] = {};
  const tags: string[] = [];
  for (const route of routes) {
    const item = (paths[route.path] ??= {});
    if (item[route.method]) throw new Error(`Two routes answer ${route.method.toUpperCase()} ${route.path}`);
    item[route.method] = operation(registry, route);
    if (!tags.includes(route.tag)) tags.push(route.tag);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Herald API',
      version: '1.0.0',
      description:
        'Send email and push notifications through one request. Every answer is the envelope ' +
        '`{ success, data?, error?, message, meta? }`; every error has a stable `error` code.',
    },
    servers: [{ url: 'http://127.0.0.1:8080', description: 'The gateway on a laptop' }],
    security: apiKeySecurity,
    tags: tags.map((name) => ({
      name,
      ...(tagDescriptions[name] && { description: tagDescriptions[name] }),
    })),
    paths,
    components: { schemas: registry.components(), securitySchemes },
  };
}

/** The document as it is committed: two-space JSON with a trailing newline. */
export function renderOpenApiJson(document: OpenApiDocument = buildOpenApiDocument()): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
