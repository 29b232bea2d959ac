import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, PUBLIC_ROUTE } from '@poe/platform';
import type { Request } from 'express';
import type { Identity, Role } from './identity';
import { AuthFailureLimiter, RateLimiter } from '../upstream/rate-limit';
import { TokenVerifier } from './token-verifier';

const ROLES_KEY = 'poe:roles';

/** Restricts a route to these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export type AuthenticatedRequest = Request & { identity: Identity };

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly limiter: RateLimiter,
    private readonly failures: AuthFailureLimiter,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    req.identity = await this.authenticate(req);
    this.limiter.take(req.identity.subject);
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (allowed && !allowed.some((r) => req.identity.roles.includes(r))) {
      throw new DomainError('AUTH.FORBIDDEN', 'forbidden', `this route needs one of the roles: ${allowed.join(', ')}`);
    }
    return true;
  }

  /**
   * The token's identity. An address that failed too often is refused (429) before its token is
   * even looked at, so guessing tokens costs the guesser time; each 401 spends one of its attempts.
   */
  private async authenticate(req: Request) {
    const address = req.socket.remoteAddress ?? 'unknown';
    this.failures.check(address);
    try {
      const m = /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(req.header('authorization') ?? '');
      if (!m) throw new DomainError('AUTH.UNAUTHENTICATED', 'unauthenticated', 'a bearer token is required');
      return await this.verifier.verify(m[1]);
    } catch (e) {
      if (e instanceof DomainError && e.kind === 'unauthenticated') this.failures.take(address);
      throw e;
    }
  }
}
