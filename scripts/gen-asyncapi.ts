// Writes docs/asyncapi.yaml from the event registry in libs/contracts.
// Run: npx ts-node --transpile-only scripts/gen-asyncapi.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderAsyncApiYaml } from '../libs/contracts/src/asyncapi';

const target = join(__dirname, '..', 'docs', 'asyncapi.yaml');
writeFileSync(target, renderAsyncApiYaml());
console.log(`wrote ${target}`);
