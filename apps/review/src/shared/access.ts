import { isPartnerRole } from '@poe/contracts';
import { CallerIdentity, DomainError, Role } from '@poe/platform';

/** Throws unless the caller holds one of the roles; the gateway only vouches for who is calling. */
export function requireRole(caller: CallerIdentity, ...roles: Role[]): void {
  if (!caller.roles.some((r) => roles.includes(r))) {
    throw new DomainError('AUTH.FORBIDDEN', 'forbidden', `this needs one of the roles: ${roles.join(', ')}`);
  }
}

export const isReviewer = (caller: CallerIdentity) => caller.roles.includes('reviewer');

export const isPartnerSide = (caller: CallerIdentity) => caller.roles.some(isPartnerRole);
