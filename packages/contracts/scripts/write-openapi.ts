import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderOpenApiJson } from '../src/openapi/openapi.builder';

// Run through `npm run openapi`, which also regenerates the typed client from this file.
const target = fileURLToPath(new URL('../openapi.json', import.meta.url));
writeFileSync(target, renderOpenApiJson());
console.log(`wrote ${target}`);
