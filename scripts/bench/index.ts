/**
 * `npm run bench`: runs every `scripts/bench/*.bench.ts` one after another (they share two cores),
 * prints one table of figures with their aims, and saves the run as JSON for comparison.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Figure } from './lib';

async function main() {
  const only = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
    .sort();
  const results: (Figure & { bench: string })[] = [];
  const failures: string[] = [];
  for (const file of files) {
    const bench = file.replace('.bench.ts', '');
    console.error(`[bench] ${bench} ...`);
    try {
      const mod = (await import(join(__dirname, file))) as { run(): Promise<Figure[]> };
      for (const f of await mod.run()) results.push({ ...f, bench });
    } catch (e) {
      failures.push(`${bench}: ${(e as Error).message}`);
    }
  }
  const width = Math.max(...results.map((r) => r.name.length), 20);
  console.log(`\n${'figure'.padEnd(width)}  ${'value'.padStart(10)}  unit      aim`);
  console.log('-'.repeat(width + 40));
  for (const r of results) {
    console.log(
      `${r.name.padEnd(width)}  ${String(r.value).padStart(10)}  ${r.unit.padEnd(8)}  ${r.aim ?? ''}${r.note ? `   (${r.note})` : ''}`,
    );
  }
  for (const f of failures) console.log(`FAILED ${f}`);
  const dir = join(__dirname, '..', '..', 'bench-results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), figures: results, failures }, null, 2));
  console.log(`\nsaved ${file}`);
  process.exit(failures.length ? 1 : 0);
}

void main();
