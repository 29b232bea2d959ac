import { currentCorrelationId } from '@poe/platform';
import type { NextFunction, Request, Response } from 'express';

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);

interface PathMethods {
  pattern: RegExp;
  methods: Set<string>;
  /** How many `{param}` parts: a literal path is more specific than a template matching it too. */
  params: number;
}

/** The published paths (`/api/v1/claims/{claimId}`) as matchers with the methods each declares. */
export function pathMethods(paths: Record<string, Record<string, unknown>>): PathMethods[] {
  return Object.entries(paths).map(([path, item]) => {
    const methods = new Set(
      Object.keys(item)
        .filter((k) => HTTP_METHODS.has(k))
        .map((k) => k.toUpperCase()),
    );
    // Express answers HEAD with the GET handler.
    if (methods.has('GET')) methods.add('HEAD');
    const source = path
      .split(/\{[^}]+\}/)
      .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
      .join('[^/]+');
    return { pattern: new RegExp(`^${source}/?$`), methods, params: (path.match(/\{/g) ?? []).length };
  });
}

/**
 * The methods a path allows, or undefined when no published path matches it. Where several match
 * (`/documents/csr` and `/documents/{documentId}`), the most specific one speaks, as in the document.
 */
export function allowedMethods(table: PathMethods[], path: string): Set<string> | undefined {
  let best: PathMethods | undefined;
  for (const entry of table) {
    if (entry.pattern.test(path) && (!best || entry.params < best.params)) best = entry;
  }
  return best?.methods;
}

/**
 * A method the published document does not declare for a known path is 405 with `Allow` (RFC 9110),
 * instead of the 404 Express routing would give: the client learns the path exists and what it takes.
 * Unknown paths fall through to the 404.
 */
export function methodNotAllowed(paths: Record<string, Record<string, unknown>>) {
  const table = pathMethods(paths);
  return (req: Request, res: Response, next: NextFunction) => {
    const allowed = allowedMethods(table, req.path);
    if (!allowed || allowed.has(req.method)) return next();
    const allow = [...allowed].sort().join(', ');
    res
      .status(405)
      .setHeader('allow', allow)
      .type('application/problem+json')
      .send(
        JSON.stringify({
          type: 'https://poe-claims.dev/problems/method-not-allowed',
          title: 'REQUEST.METHOD_NOT_ALLOWED',
          status: 405,
          detail: `${req.method} is not allowed here; allowed: ${allow}`,
          code: 'REQUEST.METHOD_NOT_ALLOWED',
          instance: req.originalUrl,
          correlationId: currentCorrelationId(),
        }),
      );
  };
}
