import { CanActivate, createParamDecorator, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { DomainError } from './errors';
import { PUBLIC_ROUTE } from './public';

import { ROLES, type Role } from '@poe/contracts';

export { ROLES, type Role };

/** Who is calling, as the gateway established it from a verified bearer token. */
export interface CallerIdentity {
  subject: string;
  roles: Role[];
  /** Set for partner-side users: the only partner whose data they may see. */
  partnerId?: string;
}

/**
 * The gateway passes the caller to the services in this header, signed with a key only the
 * gateway and the services hold. A request that bypasses the gateway has no valid signature, so a
 * service never trusts a partner id it did not get from the gateway.
 */
export const IDENTITY_HEADER = 'x-poe-identity';
/** The services' verification keys: INTERNAL_AUTH_SECRET, then INTERNAL_AUTH_PREVIOUS_SECRET if set. */
export const INTERNAL_AUTH_SECRET = Symbol('INTERNAL_AUTH_SECRET');

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url');
const mac = (payload: string, secret: string) => createHmac('sha256', secret).update(payload).digest();

/**
 * A secret's key id, carried in the signed payload so a service holding the current and the
 * previous secret knows which one to check, and says so when it holds neither. A one-way digest:
 * it tells nothing about the secret.
 */
export const keyIdOf = (secret: string) =>
  createHash('sha256').update(`poe-identity-key:${secret}`).digest('base64url').slice(0, 11);

export function signIdentity(identity: CallerIdentity, secret: string, ttlSeconds = 60, now = Date.now()): string {
  const payload = b64(JSON.stringify({ ...identity, exp: Math.floor(now / 1000) + ttlSeconds, kid: keyIdOf(secret) }));
  return `${payload}.${mac(payload, secret).toString('base64url')}`;
}

/**
 * The caller, if `header` is signed with one of `secrets` (the current key and, during a rotation,
 * the previous one) and has not expired.
 */
export function verifyIdentity(
  header: string | undefined,
  secrets: string | readonly string[],
  now = Date.now(),
): CallerIdentity {
  const fail = (why: string) => new DomainError('AUTH.UNAUTHENTICATED', 'unauthenticated', `caller identity ${why}`);
  if (!header) throw fail('is missing');
  const [payload, signature, extra] = header.split('.');
  if (!payload || !signature || extra !== undefined) throw fail('is malformed');
  let claims: CallerIdentity & { exp: number; kid?: string };
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims;
  } catch {
    throw fail('is malformed');
  }
  // The key id is read before the signature is checked, only to pick the key; the MAC covers it.
  const keys = typeof secrets === 'string' ? [secrets] : secrets;
  const secret = keys.find((k) => keyIdOf(k) === claims?.kid);
  if (!secret)
    throw fail('has a bad signature: its key is not one this service holds (see INTERNAL_AUTH_PREVIOUS_SECRET)');
  const expected = mac(payload, secret);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw fail('has a bad signature');
  if (typeof claims.exp !== 'number' || claims.exp * 1000 < now) throw fail('has expired');
  const roles = (claims.roles ?? []).filter((r) => (ROLES as readonly string[]).includes(r));
  if (!claims.subject || roles.length === 0) throw fail('names no subject or role');
  return { subject: claims.subject, roles, ...(claims.partnerId ? { partnerId: claims.partnerId } : {}) };
}

export type IdentifiedRequest = Request & { caller: CallerIdentity };

/** Services' guard: every route but the public ones needs a valid identity from the gateway. */
@Injectable()
export class InternalAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(INTERNAL_AUTH_SECRET) private readonly secrets: readonly string[],
  ) {}

  canActivate(ctx: ExecutionContext): boolean {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [ctx.getHandler(), ctx.getClass()])) return true;
    const req = ctx.switchToHttp().getRequest<IdentifiedRequest>();
    req.caller = verifyIdentity(req.header(IDENTITY_HEADER), this.secrets);
    return true;
  }
}

/** The verified caller of the current request. */
export const Caller = createParamDecorator((_: unknown, ctx: ExecutionContext): CallerIdentity => {
  return ctx.switchToHttp().getRequest<IdentifiedRequest>().caller;
});
