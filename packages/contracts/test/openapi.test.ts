import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { buildOpenApiDocument, renderOpenApiJson } from '../src/openapi/openapi.builder';
import { ApiKeyRoutes } from '../src/routes/api-keys.routes';
import { NotificationRoutes } from '../src/routes/notifications.routes';
import { RouteList, Routes } from '../src/routes/route-table';
import { SystemRoutes } from '../src/routes/system.routes';
import { TemplateRoutes } from '../src/routes/templates.routes';
import { UserRoutes } from '../src/routes/users.routes';
import { WebhookRoutes } from '../src/routes/webhooks.routes';

const committedPath = new URL('../openapi.json', import.meta.url);

function collectRefs(node: unknown, refs: Set<string>): Set<string> {
  if (Array.isArray(node)) for (const item of node) collectRefs(item, refs);
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') refs.add(value);
      else collectRefs(value, refs);
    }
  }
  return refs;
}

describe('the OpenAPI document', () => {
  const document = buildOpenApiDocument();

  it('is committed as built from the current contracts', () => {
    const committed = readFileSync(committedPath, 'utf8');
    assert.equal(
      committed,
      renderOpenApiJson(document),
      'openapi.json is stale: run `npm run openapi` and commit it',
    );
  });

  it('lists every route of the route table', () => {
    for (const route of RouteList) {
      const operation = document.paths[route.path]?.[route.method];
      assert.equal(operation?.operationId, route.operationId, `${route.method.toUpperCase()} ${route.path}`);
    }
    const operations = Object.values(document.paths).flatMap((item) => Object.keys(item));
    assert.equal(operations.length, RouteList.length);
  });

  it('resolves every $ref to a component schema', () => {
    const schemas = (document.components as { schemas: Record<string, unknown> }).schemas;
    for (const ref of collectRefs(document, new Set())) {
      const name = ref.replace('#/components/schemas/', '');
      assert.ok(schemas[name], `${ref} is not in components.schemas`);
    }
  });

  it('keeps no $id, since hoisted schemas are referenced', () => {
    assert.doesNotMatch(JSON.stringify(document), /"\$id"/);
  });
});

describe('the route table', () => {
  it('keys every route by its operationId, each answered once', () => {
    for (const [key, route] of Object.entries(Routes)) assert.equal(key, route.operationId);
    const answered = new Set(RouteList.map((route) => `${route.method} ${route.path}`));
    assert.equal(answered.size, RouteList.length);
    const tables = [
      SystemRoutes,
      NotificationRoutes,
      WebhookRoutes,
      UserRoutes,
      TemplateRoutes,
      ApiKeyRoutes,
    ];
    const declared = tables.reduce((sum, table) => sum + Object.keys(table).length, 0);
    assert.equal(RouteList.length, declared, 'two tables use the same operationId');
  });
});
