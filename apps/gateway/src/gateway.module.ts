import { DynamicModule, Module, Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { HealthController, MetricsController, READINESS_CHECKS } from '@poe/platform';
import { ComposedViews } from './api/composed-views';
import { buildRouteController, RouteHandler } from './api/route-controller';
import { DevAuthController, MeController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { DevIssuer, TokenVerifier } from './auth/token-verifier';
import type { GatewayConfig } from './config';
import { ROUTES } from './routes';
import { AuthFailureLimiter, RateLimiter } from './upstream/rate-limit';
import { ServiceClient } from './upstream/service-client';
import { upstreamReadiness } from './upstreams';

@Module({})
export class GatewayModule {
  static async forRoot(config: GatewayConfig): Promise<DynamicModule> {
    const services = new ServiceClient(
      { claims: config.CLAIMS_URL, documents: config.DOCUMENTS_URL, review: config.REVIEW_URL },
      config.INTERNAL_AUTH_SECRET,
      config.UPSTREAM_CHECK_INTERVAL_MS,
    );
    const providers: Provider[] = [
      { provide: APP_GUARD, useClass: AuthGuard },
      RouteHandler,
      ComposedViews,
      { provide: RateLimiter, useValue: new RateLimiter(config.RATE_LIMIT_RPS, config.RATE_LIMIT_BURST) },
      {
        provide: AuthFailureLimiter,
        useValue: AuthFailureLimiter.of(config.AUTH_FAILURE_LIMIT, config.AUTH_FAILURE_WINDOW_SECONDS),
      },
      { provide: ServiceClient, useValue: services },
      {
        provide: READINESS_CHECKS,
        useValue: [
          upstreamReadiness('claims', config.CLAIMS_URL),
          upstreamReadiness('documents', config.DOCUMENTS_URL),
          upstreamReadiness('review', config.REVIEW_URL),
        ],
      },
    ];
    const controllers: DynamicModule['controllers'] = [
      HealthController,
      MetricsController,
      MeController,
      buildRouteController(ROUTES),
    ];
    if (config.AUTH_MODE === 'dev') {
      const issuer = await DevIssuer.create(config.DEMO_USERS_FILE!, config.AUTH_AUDIENCE, config.DEV_SIGNING_KEY_FILE);
      providers.push({ provide: DevIssuer, useValue: issuer }, { provide: TokenVerifier, useValue: issuer.verifier });
      controllers.push(DevAuthController);
    } else {
      providers.push({
        provide: TokenVerifier,
        useValue: TokenVerifier.forJwks(config.AUTH_JWKS_URL!, config.AUTH_ISSUER!, config.AUTH_AUDIENCE),
      });
    }
    return { module: GatewayModule, controllers, providers };
  }
}
