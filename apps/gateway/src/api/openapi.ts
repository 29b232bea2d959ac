import { API_PREFIX, PATH_PARAMS, pathParamNames, RouteSpec } from '../routes';

/** OpenAPI 3 path items for the table's routes, with the examples of each step and the problems each can answer. */

type Json = Record<string, unknown>;

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };
const problem = (description: string, example?: Json) => ({
  description,
  content: { 'application/problem+json': { schema: PROBLEM_REF, ...(example ? { example } : {}) } },
});

export const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details; `errors` names each field and the rule it broke.',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', description: 'stable error code, e.g. CLAIM.EXECUTION_DATE_OUTSIDE_CAMPAIGN' },
    instance: { type: 'string' },
    correlationId: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'rule', 'message'],
        properties: { field: { type: 'string' }, rule: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

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
    description: 'Repeat the request with the same key: the first answer is returned, nothing is done twice',
    schema: { type: 'string', example: '6a1f0c5e-1b0e-4f61-9a57-1c4b0f3f2d11' },
  },
};

const toOpenApiPath = (path: string) => API_PREFIX + path.replace(/:([A-Za-z]+)/g, '{$1}');

function operation(route: RouteSpec): Json {
  const parameters: Json[] = [
    ...pathParamNames(route.path).map((name) => ({
      name,
      in: 'path',
      required: true,
      schema: { type: 'string', pattern: PATH_PARAMS[name]?.pattern.source, example: PATH_PARAMS[name]?.example },
    })),
    ...(route.query ?? []).map((p) => ({
      name: p.name,
      in: 'query',
      required: false,
      description: p.description,
      schema: { type: 'string', pattern: p.pattern.source },
    })),
    ...(route.headers ?? []).map((h) => HEADER_PARAMS[h]),
  ];
  const responses: Json = {
    [route.status]: {
      description: route.status === 202 ? 'Accepted; applied asynchronously' : 'OK',
      ...(route.status === 204
        ? {}
        : {
            content: {
              'application/json': route.responseExample === undefined ? {} : { example: route.responseExample },
            },
          }),
    },
    400: problem('Malformed JSON, or a field, path or query parameter breaks a rule (each named in `errors`)', {
      type: 'https://poe-claims.dev/problems/request-validation',
      title: 'REQUEST.INVALID',
      status: 400,
      detail: 'executionDate: executionDate must be YYYY-MM-DD',
      code: 'REQUEST.INVALID',
      errors: [{ field: 'executionDate', rule: 'matches', message: 'executionDate must be YYYY-MM-DD' }],
    }),
    401: problem('No valid bearer token'),
    403: problem(`The caller has none of the roles: ${route.roles.join(', ')}`),
    429: problem('Rate limit of the client exceeded; see Retry-After'),
    503: problem('A backend service does not answer; see Retry-After'),
  };
  if (pathParamNames(route.path).length > 0)
    responses[404] = problem("Not found (or another partner's: never told apart)");
  if (route.method !== 'GET') {
    responses[409] = problem('The state does not allow it (e.g. a submitted claim cannot be edited)');
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
  }
  if (route.headers?.includes('if-match')) responses[412] = problem('If-Match names an older version');
  if (route.body === 'json') responses[413] = problem('The JSON body is larger than the limit');
  if (route.body !== 'none') responses[415] = problem('Wrong content type for this route');

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
    op.requestBody = {
      required: route.requestExample !== undefined && Object.keys(route.requestExample as Json).length > 0,
      content: {
        'application/json': {
          schema: { type: 'object' },
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
              kind: { type: 'string', enum: ['invoice', 'proof'] },
              claimId: { type: 'string' },
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
