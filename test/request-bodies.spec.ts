import 'reflect-metadata';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { CatalogController } from '../apps/claims/src/catalog/catalog.controller';
import { ClaimsController } from '../apps/claims/src/claims/claims.controller';
import { PaymentsController } from '../apps/claims/src/payments/payments.controller';
import { ExportsController } from '../apps/claims/src/exports/exports.controller';
import { CsrController } from '../apps/documents/src/csr/csr.controller';
import { DocumentsController } from '../apps/documents/src/documents/documents.controller';
import { REQUEST_BODIES } from '../apps/gateway/src/api/schemas';
import { ROUTES } from '../apps/gateway/src/routes';
import { PreApprovalsController } from '../apps/review/src/pre-approvals/pre-approvals.controller';
import { ReviewItemsController } from '../apps/review/src/queue/review-items.controller';

// The gateway publishes the schemas of REQUEST_BODIES' classes (@poe/contracts/bodies); this checks
// that every body a service takes is one of those very classes, not a look-alike of its own.
const controllers = [
  CatalogController,
  ClaimsController,
  PaymentsController,
  CsrController,
  PreApprovalsController,
  ReviewItemsController,
];

function argTypes(controller: new (...args: never[]) => object, kind: RouteParamtypes): [string, unknown][] {
  const found: [string, unknown][] = [];
  for (const method of Object.getOwnPropertyNames(controller.prototype)) {
    const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<
      string,
      { index: number }
    >;
    const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, method) ?? []) as unknown[];
    for (const [key, arg] of Object.entries(args))
      if (key.startsWith(`${kind}:`)) found.push([`${controller.name}.${method}`, types[arg.index]]);
  }
  return found;
}

test('everyBodyAServiceTakes_isAClassTheGatewayPublishes', () => {
  const published = new Set<unknown>(Object.values(REQUEST_BODIES));
  const all = controllers.flatMap((c) => argTypes(c, RouteParamtypes.BODY));
  expect(all.length).toBeGreaterThanOrEqual(22);
  const unpublished = all
    .filter(([, type]) => !published.has(type))
    .map(([at, type]) => `${at}: ${(type as { name?: string })?.name}`);
  expect(unpublished).toEqual([]);
});

// Likewise for queries: the gateway checks and publishes a route's `query` class (@poe/contracts/queries);
// every query a service takes must be one of those classes.
test('everyQueryAServiceTakes_isAClassTheGatewayChecksAndPublishes', () => {
  const published = new Set<unknown>(ROUTES.map((r) => r.query).filter(Boolean));
  const all = [...controllers, ExportsController, DocumentsController].flatMap((c) =>
    argTypes(c, RouteParamtypes.QUERY),
  );
  expect(all.length).toBeGreaterThanOrEqual(7);
  const unpublished = all
    .filter(([, type]) => !published.has(type))
    .map(([at, type]) => `${at}: ${(type as { name?: string })?.name}`);
  expect(unpublished).toEqual([]);
});
