import type { TSchema } from '@sinclair/typebox';

export type JsonSchema = { [key: string]: unknown };

/**
 * Turns TypeBox schemas into plain JSON Schema for an OpenAPI document, moving every schema with an `$id`
 * into `components/schemas` and pointing at it with a `$ref`.
 */
export interface SchemaRegistry {
  /** The plain JSON Schema of `schema`, with each `$id` schema inside replaced by a `$ref`. */
  readonly toJson: (schema: TSchema) => JsonSchema;
  /** The hoisted schemas, sorted by name. */
  readonly components: () => Record<string, JsonSchema>;
}

const isObject = (value: unknown): value is JsonSchema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// Keywords whose value is data, not a schema, and keywords whose value maps names to schemas.
const dataKeywords = new Set(['const', 'default', 'examples', 'enum', 'required']);
const schemaMapKeywords = new Set(['properties', 'patternProperties', '$defs', 'dependentSchemas']);

/** Creates a registry that collects the `$id` schemas of one document. */
export function createSchemaRegistry(): SchemaRegistry {
  const hoisted = new Map<string, { json: JsonSchema; text: string }>();

  function hoistEach(map: unknown): unknown {
    return isObject(map)
      ? Object.fromEntries(Object.entries(map).map(([name, value]) => [name, hoist(value)]))
      : map;
  }

  function hoist(node: unknown): unknown {
    if (Array.isArray(node)) return node.map(hoist);
    if (!isObject(node)) return node;
    const copy: JsonSchema = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === '$id') continue;
      if (dataKeywords.has(key)) copy[key] = value;
      else if (schemaMapKeywords.has(key)) copy[key] = hoistEach(value);
      else copy[key] = hoist(value);
    }
    const id = node.$id;
    if (typeof id !== 'string') return copy;
    const text = JSON.stringify(copy);
    const known = hoisted.get(id);
    if (known && known.text !== text) throw new Error(`Two different schemas share the $id "${id}"`);
    hoisted.set(id, { json: copy, text });
    return { $ref: `#/components/schemas/${id}` };
  }

  return {
    // The JSON round trip drops TypeBox's symbol keys ([Kind], [OptionalKind]).
    toJson: (schema) => hoist(JSON.parse(JSON.stringify(schema))) as JsonSchema,
    components: () =>
      Object.fromEntries([...hoisted.keys()].sort().map((id) => [id, hoisted.get(id)?.json ?? {}])),
  };
}
