import { DomainError, FieldViolation, flattenValidationErrors, RequestValidationError } from '@poe/platform';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { PATH_PARAMS, pathParamNames, RouteSpec } from '../routes';
import type { ForwardBody } from '../upstream/service-client';

/**
 * The cheap checks the gateway makes before any service is called. Body fields are NOT checked
 * here: the services' DTOs own them (docs/gateway.md, "Validation").
 */

/** Path parameters by the table's patterns; also keeps `/`, `..` and the like out of upstream paths. */
export function pathViolations(route: RouteSpec, params: Record<string, string | undefined>): FieldViolation[] {
  const out: FieldViolation[] = [];
  for (const name of pathParamNames(route.path)) {
    const value = params[name];
    const spec = PATH_PARAMS[name];
    if (value === undefined || !spec?.pattern.test(value)) {
      out.push({ field: `path.${name}`, rule: 'matches', message: `${name} must be 1-128 letters, digits or ._:-` });
    }
  }
  return out;
}

/**
 * The query by the service's own DTO class (@poe/contracts/queries), so what passes here is what
 * the service accepts; the first broken rule of each parameter is named. Undeclared parameters go
 * on to the service, which refuses them.
 */
export function queryViolations(route: RouteSpec, query: Record<string, unknown>): FieldViolation[] {
  if (!route.query) return [];
  const errors = validateSync(plainToInstance(route.query, query), { stopAtFirstError: true });
  return flattenValidationErrors(errors, 'query');
}

export function assertParams(
  route: RouteSpec,
  params: Record<string, string | undefined>,
  query: Record<string, unknown>,
) {
  const violations = [...pathViolations(route, params), ...queryViolations(route, query)];
  if (violations.length) throw new RequestValidationError(violations);
}

/** The service's path for this request: the template with encoded parameters, plus the raw query. */
export function upstreamPath(route: RouteSpec, params: Record<string, string | undefined>, search: string): string {
  const template = route.upstream ?? route.path;
  const path = template.replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  return search ? `${path}${search}` : path;
}

/** The `?...` part of a request URL, as the client sent it. */
export function searchOf(originalUrl: string): string {
  const i = originalUrl.indexOf('?');
  return i < 0 || i === originalUrl.length - 1 ? '' : originalUrl.slice(i);
}

export interface BodyFacts {
  contentType: string | undefined;
  /** True when the request announces a body (content-length > 0 or chunked). */
  hasBody: boolean;
  /** What the JSON parser made of it (undefined when it did not run). */
  parsed: unknown;
}

/** What goes upstream: a JSON value, nothing, or the raw stream. Throws 400/415 problems. */
export function outgoingBody(route: RouteSpec, facts: BodyFacts): ForwardBody {
  const type = (facts.contentType ?? '').split(';')[0].trim().toLowerCase();
  switch (route.body) {
    case 'none':
      return { kind: 'empty' };
    case 'multipart':
      if (type !== 'multipart/form-data') {
        throw new DomainError(
          'REQUEST.UNSUPPORTED_MEDIA_TYPE',
          'unsupported_media',
          'this route takes multipart/form-data',
        );
      }
      return { kind: 'stream' };
    case 'csv': {
      // Streamed like an upload; the claims service limits the size and reads the file (docs/allocations.md).
      const charset = /;\s*charset="?([^";\s]+)/i.exec(facts.contentType ?? '')?.[1]?.toLowerCase();
      if (type !== 'text/csv' || (charset !== undefined && charset !== 'utf-8')) {
        throw new DomainError(
          'REQUEST.UNSUPPORTED_MEDIA_TYPE',
          'unsupported_media',
          'this route takes text/csv in UTF-8 (Content-Type: text/csv; charset=utf-8)',
        );
      }
      if (!facts.hasBody) {
        throw new RequestValidationError([{ field: 'body', rule: 'isNotEmpty', message: 'the CSV file is empty' }]);
      }
      return { kind: 'stream' };
    }
    case 'json':
      if (!facts.hasBody) return { kind: 'empty' };
      if (type !== 'application/json') {
        throw new DomainError(
          'REQUEST.UNSUPPORTED_MEDIA_TYPE',
          'unsupported_media',
          'this route takes application/json',
        );
      }
      if (facts.parsed === null || typeof facts.parsed !== 'object' || Array.isArray(facts.parsed)) {
        throw new RequestValidationError([
          { field: 'body', rule: 'isObject', message: 'the body must be a JSON object' },
        ]);
      }
      return { kind: 'json', value: facts.parsed };
  }
}
