import { API_PREFIX, PATH_PARAMS, pathParamNames, RouteSpec } from '../routes';
import { ID_PATTERN, IDEMPOTENCY_KEY_PATTERN, ROLES, UPLOADABLE_DOCUMENT_KINDS } from '@poe/contracts';
import { queryParameters } from '@poe/contracts/queries';
import { PROBLEM_SCHEMA, REQUEST_SCHEMAS } from './schemas';

/** OpenAPI 3 path items for the table's routes, with the examples of each step and the problems each can answer. */

type Json = Record<string, unknown>;

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };
const problem = (description: string, example?: Json) => ({
  description,
  content: { 'application/problem+json': { schema: PROBLEM_REF, ...(example ? { example } : {}) } },
});
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

export { PROBLEM_SCHEMA };

const HEADER_PARAMS = {
  'if-match': {
    name: 'If-Match',
    in: 'header',
    required: false,
    description: 'The ETag of the claim version the change is based on; a stale one answers 412',
    schema: { type: 'string', example: '"3"' },
  },
  'idempotency-key': {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      'Repeat the request with the same key: the first answer is returned, nothing is done twice. ' +
      '8-128 letters, digits or `_.:-` (otherwise 422 IDEMPOTENCY.KEY_INVALID)',
    schema: {
      type: 'string',
      minLength: 8,
      maxLength: 128,
      pattern: IDEMPOTENCY_KEY_PATTERN.source,
      example: '6a1f0c5e-1b0e-4f61-9a57-1c4b0f3f2d11',
    },
  },
};

const toOpenApiPath = (path: string) => API_PREFIX + path.replace(/:([A-Za-z]+)/g, '{$1}');

function success(route: RouteSpec): Json {
  const description = route.status === 202 ? 'Accepted; applied asynchronously' : route.status === 204 ? 'Done' : 'OK';
  if (route.status === 204) return { description };
  if (route.responseType === 'text/csv') {
    return {
      description: `${description}: a CSV file (RFC 4180, CRLF, header row), streamed`,
      headers: {
        'Content-Disposition': { schema: { type: 'string', example: 'attachment; filename="claims-2026-12-02.csv"' } },
      },
      content: {
        'text/csv': {
          schema: { type: 'string' },
          ...(route.responseExample === undefined ? {} : { example: route.responseExample }),
        },
      },
    };
  }
  return {
    description,
    content: {
      'application/json': {
        schema: route.responseSchema ? ref(route.responseSchema) : {},
        ...(route.responseExample === undefined ? {} : { example: route.responseExample }),
      },
    },
  };
}

/**
 * Every problem the route can answer, from what it is: the edge's own refusals (token, roles, rate,
 * path/query/body checks, an unreachable service) and the services' (404 tenancy, 409 state,
 * 412 If-Match, 422 rules, 413/415 for bodies).
 */
export function problemsOf(route: RouteSpec): Json {
  const hasBody = route.body !== 'none';
  const responses: Json = {
    400: problem(
      'Malformed JSON, JSON this API refuses (nested deeper than 32, a number out of range, a key given twice or naming the prototype chain, bytes that are not UTF-8), or a field, path or query parameter that breaks a rule (each named in `errors`)',
      {
        type: 'https://poe-claims.dev/problems/request-validation',
        title: 'REQUEST.INVALID',
        status: 400,
        detail: 'executionDate: executionDate must be YYYY-MM-DD',
        code: 'REQUEST.INVALID',
        errors: [{ field: 'executionDate', rule: 'matches', message: 'executionDate must be YYYY-MM-DD' }],
      },
    ),
    401: problem('No valid bearer token'),
    403: problem(`The caller has none of the roles: ${route.roles.join(', ')}`),
  };
  if (pathParamNames(route.path).length > 0)
    responses[404] = problem("Not found (or another partner's: never told apart)");
  if (route.method !== 'GET')
    responses[409] = problem('The state does not allow it (e.g. a submitted claim cannot be edited)');
  if (route.headers?.includes('if-match')) responses[412] = problem('If-Match names an older version');
  if (hasBody) responses[413] = problem('The body is larger than the limit');
  if (route.body === 'csv')
    responses[422] = problem(
      'The file or a line breaks a rule: `errors` names each with its line, field, rule and code',
      {
        type: 'https://poe-claims.dev/problems/allocations-lines-invalid',
        title: 'ALLOCATIONS.LINES_INVALID',
        status: 422,
        detail: '1 of 2 lines break rules (each named in errors, with its line); nothing was applied',
        code: 'ALLOCATIONS.LINES_INVALID',
        errors: [
          {
            line: 2,
            field: 'currency',
            rule: 'sameCurrencyAsCampaign',
            code: 'ALLOCATION.CURRENCY_MISMATCH',
            message: "currency must be the campaign's (EUR)",
          },
        ],
      },
    );
  if (hasBody) responses[415] = problem('Wrong content type for this route');
  if ((route.method !== 'GET' || route.query) && route.body !== 'csv')
    responses[422] = problem('A business rule is broken; `errors` names the field', {
      type: 'https://poe-claims.dev/problems/claim-execution-date-outside-campaign',
      title: 'CLAIM.EXECUTION_DATE_OUTSIDE_CAMPAIGN',
      status: 422,
      detail: "executionDate must be between the campaign's start 2026-09-01 and end 2026-12-31",
      code: 'CLAIM.EXECUTION_DATE_OUTSIDE_CAMPAIGN',
      errors: [
        {
          field: 'executionDate',
          rule: 'withinCampaignWindow',
          message: "executionDate must be between the campaign's start 2026-09-01 and end 2026-12-31",
        },
      ],
    });
  responses[429] = problem(
    'Rate limit of the client exceeded, or too many failed authentications from its address; see Retry-After',
  );
  responses[431] = problem('The request line and headers are larger than the limit (16 KiB by default)');
  responses[503] = problem(
    route.service === 'review' && route.path.startsWith('/review/items/:claimId')
      ? 'A backend service does not answer, or (REVIEW.ITEM_NOT_YET) the claim was submitted and its item is not in the queue yet; see Retry-After'
      : 'A backend service does not answer (or is too busy); see Retry-After',
  );
  return responses;
}

function operation(route: RouteSpec): Json {
  const parameters: Json[] = [
    ...pathParamNames(route.path).map((name) => ({
      name,
      in: 'path',
      required: true,
      schema: { type: 'string', pattern: PATH_PARAMS[name]?.pattern.source, example: PATH_PARAMS[name]?.example },
    })),
    ...(route.query ? queryParameters(route.query) : []),
    ...(route.headers ?? []).map((h) => HEADER_PARAMS[h]),
  ];
  const responses: Json = {
    [route.status]: success(route),
    ...problemsOf(route),
  };

  const op: Json = {
    operationId: route.id,
    tags: [route.tag],
    summary: route.step ? `${route.step}: ${route.summary}` : route.summary,
    description: [
      route.description,
      `Roles: ${route.roles.join(', ')}.`,
      route.compose ? 'Composed by the gateway from several services.' : `Served by the ${route.service} service.`,
    ]
      .filter(Boolean)
      .join(' '),
    security: [{ bearer: [] }],
    parameters,
    responses,
  };
  if (route.body === 'json') {
    // Required when the DTO has required fields; an empty body is then a 400 naming them.
    const schema = route.requestSchema ? REQUEST_SCHEMAS[route.requestSchema] : undefined;
    const required = ((schema as { required?: string[] } | undefined)?.required?.length ?? 0) > 0;
    op.requestBody = {
      required,
      content: {
        'application/json': {
          schema: route.requestSchema ? ref(route.requestSchema) : { type: 'object' },
          ...(route.requestExample === undefined ? {} : { example: route.requestExample }),
        },
      },
    };
  }
  if (route.body === 'csv') {
    op.requestBody = {
      required: true,
      content: {
        'text/csv': {
          schema: { type: 'string', minLength: 1 },
          ...(route.requestExample === undefined ? {} : { example: route.requestExample }),
        },
      },
    };
  }
  if (route.body === 'multipart') {
    op.requestBody = {
      required: true,
      content: {
        'multipart/form-data': {
          schema: {
            type: 'object',
            required: ['kind', 'file'],
            properties: {
              kind: { type: 'string', enum: [...UPLOADABLE_DOCUMENT_KINDS] },
              claimId: { type: 'string', pattern: ID_PATTERN.source },
              file: { type: 'string', format: 'binary' },
            },
          },
          encoding: { file: { contentType: 'application/pdf, image/png, image/jpeg, image/webp' } },
        },
      },
    };
  }
  return op;
}

export function openApiPaths(routes: readonly RouteSpec[]): Record<string, Json> {
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const key = toOpenApiPath(route.path);
    paths[key] = { ...(paths[key] ?? {}), [route.method.toLowerCase()]: operation(route) };
  }
  return paths;
}

const json = (schema: Json, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const closed = (properties: Json, required = Object.keys(properties)): Json => ({
  type: 'object',
  additionalProperties: false,
  required,
  properties,
});
/** Served by the gateway itself; published under components.schemas with the table's. */
export const EDGE_SCHEMAS: Record<string, Json> = {};
EDGE_SCHEMAS.Readiness = closed(
  {
    status: { type: 'string', enum: ['ready', 'not_ready'] },
    checks: {
      type: 'array',
      items: closed(
        { name: { type: 'string' }, ok: { type: 'boolean' }, ms: { type: 'number' }, error: { type: 'string' } },
        ['name', 'ok', 'ms'],
      ),
    },
  },
  ['status', 'checks'],
);
const IDENTITY = closed(
  {
    subject: { type: 'string' },
    roles: {
      type: 'array',
      items: { type: 'string', enum: [...ROLES] },
    },
    partnerId: { type: 'string' },
  },
  ['subject', 'roles'],
);
const PUBLIC = { security: [] as unknown[] };

/**
 * The hand-written routes Nest scans (health, metrics, me, dev auth) carry no response docs of
 * their own; this is what they answer, so the whole document can be checked, not only the table.
 */
const EDGE_OPERATIONS: Record<string, Record<string, Json>> = {
  '/health': { get: { ...PUBLIC, responses: { 200: json(closed({ status: { type: 'string', enum: ['ok'] } })) } } },
  '/ready': {
    get: {
      ...PUBLIC,
      responses: {
        200: json(ref('Readiness')),
        503: json(ref('Readiness'), 'A service or server it needs does not answer'),
      },
    },
  },
  '/metrics': {
    get: {
      ...PUBLIC,
      responses: {
        200: { description: 'Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } },
      },
    },
  },
  '/api/v1/me': {
    get: {
      responses: {
        200: json(IDENTITY),
        401: problem('No valid bearer token'),
        429: problem('Rate limit of the client exceeded; see Retry-After'),
      },
    },
  },
  '/api/v1/auth/dev-token': {
    post: {
      ...PUBLIC,
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: closed({ username: { type: 'string', pattern: '^[a-z0-9-]{1,64}$' } }),
            example: { username: 'bob' },
          },
        },
      },
      responses: {
        201: json(
          closed({
            access_token: { type: 'string' },
            token_type: { type: 'string', enum: ['Bearer'] },
            expires_in: { type: 'integer' },
          }),
          'A token for the demo user (AUTH_MODE=dev only)',
        ),
        400: problem('Malformed JSON, or username breaks its pattern'),
        413: problem('The body is larger than the limit'),
        415: problem('Wrong content type'),
        422: problem('Not a demo user'),
      },
    },
  },
  '/api/v1/auth/demo-users': {
    get: {
      ...PUBLIC,
      responses: {
        200: json(
          closed({
            users: {
              type: 'array',
              items: closed(
                {
                  username: { type: 'string' },
                  name: { type: 'string' },
                  roles: { type: 'array', items: { type: 'string' } },
                  partnerId: { type: 'string' },
                },
                ['username', 'roles'],
              ),
            },
          }),
        ),
      },
    },
  },
  '/.well-known/jwks.json': {
    get: {
      ...PUBLIC,
      responses: {
        200: json(
          closed({
            keys: {
              type: 'array',
              items: { type: 'object', required: ['kty'], properties: { kty: { type: 'string' } } },
            },
          }),
        ),
      },
    },
  },
};

/** Fills in the responses (and public security) of the scanned hand-written operations present in `paths`. */
export function describeEdgeRoutes(paths: Record<string, Json>): Record<string, Json> {
  const out: Record<string, Json> = { ...paths };
  for (const [path, methods] of Object.entries(EDGE_OPERATIONS)) {
    const item = out[path] as Record<string, Json> | undefined;
    if (!item) continue;
    const merged: Record<string, Json> = { ...item };
    for (const [method, doc] of Object.entries(methods)) if (item[method]) merged[method] = { ...item[method], ...doc };
    out[path] = merged;
  }
  return out;
}
