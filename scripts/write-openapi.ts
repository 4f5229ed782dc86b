/** `npm run openapi`: writes the OpenAPI document to docs/openapi.json (checked by the tests). */
import { writeFileSync } from 'node:fs';
import { renderOpenApi } from '../tests/support/openapi.ts';

writeFileSync('docs/openapi.json', await renderOpenApi());
process.stdout.write('wrote docs/openapi.json\n');
