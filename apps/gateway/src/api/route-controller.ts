import { Controller, Delete, Get, Inject, Injectable, Patch, Post, Put, Req, Res, Type } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { DomainError } from '@poe/platform';
import type { Response } from 'express';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { Roles } from '../auth/auth.guard';
import { API_PREFIX, HttpMethod, RouteSpec } from '../routes';
import { ForwardBody, ServiceClient, UpstreamResponse } from '../upstream/service-client';
import { ComposedViews } from './composed-views';
import { assertParams, outgoingBody, searchOf, upstreamPath } from './edge-checks';

/** What every table route does: check the edge, then relay to the service or compose a view. */
@Injectable()
export class RouteHandler {
  constructor(
    private readonly services: ServiceClient,
    private readonly views: ComposedViews,
  ) {}

  async handle(route: RouteSpec, req: AuthenticatedRequest, res: Response): Promise<void> {
    const params = req.params as Record<string, string | undefined>;
    assertParams(route, params, req.query as Record<string, unknown>);
    if (route.compose) return this.sendComposed(res, await this.compose(route, req, params));
    const body = outgoingBody(route, {
      contentType: req.headers['content-type'],
      hasBody: hasBody(req),
      parsed: req.body as unknown,
    });
    const path = upstreamPath(route, params, searchOf(req.originalUrl));
    if (isReviewItemRoute(route)) return this.sendComposed(res, await this.reviewItem(route, req, path, body, params));
    await this.services.forward(req, res, route.service, path, req.identity, body, API_PREFIX);
  }

  /**
   * A review item the queue has not received yet (the claim's `submitted` event is on its way) is
   * "not yet", not "never": when the review service has no item but the claims service knows the
   * claim was submitted, the answer is 503 REVIEW.ITEM_NOT_YET with Retry-After instead of 404.
   */
  private async reviewItem(
    route: RouteSpec,
    req: AuthenticatedRequest,
    path: string,
    body: ForwardBody,
    params: Record<string, string | undefined>,
  ): Promise<UpstreamResponse> {
    const value = body.kind === 'json' ? body.value : undefined;
    const answer = await this.services.call(route.service, route.method, path, req.identity, value);
    if (answer.status !== 404 || (answer.body as { code?: string } | undefined)?.code !== 'REVIEW.ITEM_NOT_FOUND')
      return answer;
    const claimId = encodeURIComponent(params.claimId!);
    const claim = await this.services.call<{ submission?: unknown }>(
      'claims',
      'GET',
      `/claims/${claimId}`,
      req.identity,
    );
    if (claim.status === 200 && claim.body?.submission) throw reviewItemNotYet(params.claimId!);
    return answer;
  }

  private compose(route: RouteSpec, req: AuthenticatedRequest, params: Record<string, string | undefined>) {
    switch (route.compose) {
      case 'reviewer-claim-view':
        return this.views.reviewerClaimView(req.identity, params.claimId!);
      case 'claim-history':
        return this.views.claimHistory(req.identity, params.claimId!);
      default:
        throw new Error(`route ${route.id} names an unknown view`);
    }
  }

  /** A composed answer, or the failing service's problem relayed as it came. */
  private sendComposed(res: Response, answer: UpstreamResponse): void {
    res.status(answer.status);
    for (const [k, v] of Object.entries(answer.headers)) if (k !== 'content-length') res.setHeader(k, v);
    const isProblem = answer.status >= 400;
    res.type(isProblem ? 'application/problem+json' : 'application/json').send(JSON.stringify(answer.body));
  }
}

const isReviewItemRoute = (route: RouteSpec) =>
  route.service === 'review' && route.path.startsWith('/review/items/:claimId');

const reviewItemNotYet = (claimId: string) =>
  new DomainError(
    'REVIEW.ITEM_NOT_YET',
    'unavailable',
    `claim ${claimId} was submitted; its review item is on its way to the review queue: retry shortly`,
    [],
    1,
  );

/** A body is announced by a non-zero length or chunked transfer (RFC 9112 6.3). */
function hasBody(req: AuthenticatedRequest): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return length !== '0';
  return req.headers['transfer-encoding'] !== undefined;
}

const METHOD_DECORATOR: Record<HttpMethod, (path: string) => MethodDecorator> = {
  GET: Get,
  POST: Post,
  PUT: Put,
  PATCH: Patch,
  DELETE: Delete,
};

/**
 * One Nest controller whose methods are the table's routes, made at boot. Being real Nest routes,
 * they get the global guard (token, rate limit, the route's roles), correlation ids, metrics by
 * route template and problem+json errors like every hand-written route. The OpenAPI paths come
 * from the table (api/openapi.ts), so the controller is excluded from Swagger's scan.
 */
export function buildRouteController(routes: readonly RouteSpec[]): Type<unknown> {
  @ApiExcludeController()
  @Controller(API_PREFIX.slice(1))
  class ApiV1Controller {
    constructor(@Inject(RouteHandler) readonly handler: RouteHandler) {}
  }
  const proto = ApiV1Controller.prototype as unknown as Record<string, unknown>;
  const seen = new Set<string>();
  for (const route of routes) {
    if (seen.has(route.id)) throw new Error(`route id ${route.id} is used twice`);
    seen.add(route.id);
    Object.defineProperty(proto, route.id, {
      value: function (this: ApiV1Controller, req: AuthenticatedRequest, res: Response) {
        return this.handler.handle(route, req, res);
      },
      writable: true,
      configurable: true,
    });
    const descriptor = Object.getOwnPropertyDescriptor(proto, route.id)!;
    Req()(proto, route.id, 0);
    Res()(proto, route.id, 1);
    METHOD_DECORATOR[route.method](route.path)(proto, route.id, descriptor);
    Roles(...route.roles)(proto, route.id, descriptor);
  }
  return ApiV1Controller;
}
