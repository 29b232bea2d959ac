import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Request, Response } from 'express';
import { methodNotAllowed } from './api/method-not-allowed';
import { describeEdgeRoutes, EDGE_SCHEMAS, openApiPaths } from './api/openapi';
import { COMPONENT_SCHEMAS } from './api/schemas';
import { ROUTES } from './routes';

/** docs/asyncapi.yaml of the checkout or image, found upwards from here (source or dist). */
function findAsyncApiFile(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'docs', 'asyncapi.yaml');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('docs/asyncapi.yaml not found');
}

/**
 * OpenAPI 3: the hand-written controllers (auth, me, health) scanned by Nest, plus every route of the
 * table (routes.ts) with its examples and problems. Served as JSON (`/docs-json`) and Swagger UI (`/docs`),
 * with the AsyncAPI document of the events beside it. These are registered on the HTTP server
 * itself, outside the guarded controllers: reading the docs needs no token.
 */
export function setupApiDocs(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('poe-claims API')
    .setDescription(
      'Proof-of-execution claims for partner co-op marketing: catalog, claims, evidence and documents, review. ' +
        'Every route but health and docs needs a bearer token. Errors are RFC 9457 problem+json naming the field and the rule.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addSecurityRequirements('bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.paths = describeEdgeRoutes({
    ...(document.paths as Record<string, object>),
    ...openApiPaths(ROUTES),
  } as Record<string, Record<string, unknown>>) as typeof document.paths;
  document.components = {
    ...document.components,
    schemas: {
      ...document.components?.schemas,
      ...(COMPONENT_SCHEMAS as Record<string, object>),
      ...EDGE_SCHEMAS,
    },
  };
  document.tags = [
    { name: 'catalog', description: 'Programs, plans, partner orgs, campaign activities and their funds' },
    { name: 'allocations', description: 'Bulk allocations of co-op funds from a CSV file: dry run and apply' },
    {
      name: 'claims',
      description: 'The PoE flow: add PoE, details, evidence, proof documents, comments, submit; the finance export',
    },
    { name: 'documents', description: 'Uploads (streamed), CSR generation, metadata, download links' },
    { name: 'review', description: "Review queue, decisions and the reviewer's claim view" },
    { name: 'pre-approvals', description: 'Pre-approvals of marketing materials' },
  ];
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  // Runs before the routes (Nest registers them at init): a known path with an undeclared method is 405.
  app.use(methodNotAllowed(document.paths as Record<string, Record<string, unknown>>));
  let asyncApi: string | undefined;
  app.getHttpAdapter().get('/docs/asyncapi.yaml', (_req: Request, res: Response) => {
    asyncApi ??= readFileSync(findAsyncApiFile(), 'utf8');
    res.type('application/yaml').send(asyncApi);
  });
}
