import { writeFileSync } from 'node:fs';
import { openApiDocument } from './openapi.ts';

/** `npm run openapi`: writes docs/openapi.json from the schemas. */
writeFileSync(new URL('../../docs/openapi.json', import.meta.url), `${JSON.stringify(openApiDocument(), null, 2)}\n`);
console.log('wrote docs/openapi.json');
