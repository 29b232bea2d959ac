import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import * as ts from 'typescript';
import { REPO_ROOT } from '@poe/testing';

/**
 * A client generated from the published document by tools nobody here wrote: openapi-typescript
 * for the types (run as its own CLI, as a client team would), openapi-fetch for the calls.
 */

/** The committed copy the repository's type check sees (`UPDATE_API_CLIENT=1` rewrites it). */
export const COMMITTED_TYPES = join(REPO_ROOT, 'test/e2e/generated/poe-api.ts');
export const FLOW_FILE = join(REPO_ROOT, 'test/e2e/generated-client-flow.ts');

/** Generates the types from `document` into `dir`; returns the file written. */
export async function generateClientTypes(document: unknown, dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const input = join(dir, 'openapi.json');
  const output = join(dir, 'poe-api.ts');
  writeFileSync(input, JSON.stringify(document, null, 2));
  // The package's exports hide bin/: found beside its entry point (dist/index.cjs).
  const cli = join(dirname(require.resolve('openapi-typescript')), '..', 'bin', 'cli.js');
  await promisify(execFile)(process.execPath, [cli, input, '--output', output], { cwd: dir });
  return output;
}

/** Type errors of the flow when `@poe/api-client` is the given generated file ([] when it compiles). */
export function typeErrorsOfFlow(typesFile: string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(REPO_ROOT, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  )!;
  const options: ts.CompilerOptions = {
    ...config.options,
    noEmit: true,
    incremental: false,
    types: ['node'],
    paths: {
      ...config.options.paths,
      '@poe/api-client': [typesFile],
      // Where this process resolves it (NODE_PATH included), so the check sees the client the test runs.
      'openapi-fetch': [join(dirname(require.resolve('openapi-fetch')), 'index.d.ts')],
    },
  };
  const program = ts.createProgram([FLOW_FILE], options);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

/** Keeps the committed copy in step when asked; otherwise tells whether it still matches. */
export function committedTypesMatch(freshFile: string): boolean {
  const fresh = readFileSync(freshFile, 'utf8');
  if (process.env.UPDATE_API_CLIENT === '1') {
    mkdirSync(dirname(COMMITTED_TYPES), { recursive: true });
    writeFileSync(COMMITTED_TYPES, fresh);
  }
  try {
    return readFileSync(COMMITTED_TYPES, 'utf8') === fresh;
  } catch {
    return false;
  }
}
