import 'reflect-metadata';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { CatalogController } from '../apps/claims/src/catalog/catalog.controller';
import { ClaimsController } from '../apps/claims/src/claims/claims.controller';
import { PaymentsController } from '../apps/claims/src/payments/payments.controller';
import { CsrController } from '../apps/documents/src/csr/csr.controller';
import { REQUEST_BODIES } from '../apps/gateway/src/api/schemas';
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

function bodyTypes(controller: new (...args: never[]) => object): [string, unknown][] {
  const found: [string, unknown][] = [];
  for (const method of Object.getOwnPropertyNames(controller.prototype)) {
    const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<
      string,
      { index: number }
    >;
    const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, method) ?? []) as unknown[];
    for (const [key, arg] of Object.entries(args))
      if (key.startsWith(`${RouteParamtypes.BODY}:`)) found.push([`${controller.name}.${method}`, types[arg.index]]);
  }
  return found;
}

test('everyBodyAServiceTakes_isAClassTheGatewayPublishes', () => {
  const published = new Set<unknown>(Object.values(REQUEST_BODIES));
  const all = controllers.flatMap(bodyTypes);
  expect(all.length).toBeGreaterThanOrEqual(22);
  const unpublished = all
    .filter(([, type]) => !published.has(type))
    .map(([at, type]) => `${at}: ${(type as { name?: string })?.name}`);
  expect(unpublished).toEqual([]);
});
