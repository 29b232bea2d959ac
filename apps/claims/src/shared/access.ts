import { isPartnerRole, PARTNER_ROLES, type Role } from '@poe/contracts';
import { CallerIdentity, DomainError } from '@poe/platform';

/** What a caller may see: one partner's data, or every partner's (review team, service accounts). */
export type Scope = { kind: 'partner'; partnerId: string } | { kind: 'all' };

export function scopeOf(caller: CallerIdentity): Scope {
  if (caller.roles.includes('reviewer') || caller.roles.includes('service')) return { kind: 'all' };
  if (caller.partnerId && caller.roles.some(isPartnerRole)) {
    return { kind: 'partner', partnerId: caller.partnerId };
  }
  throw new DomainError('AUTH.FORBIDDEN', 'forbidden', 'the caller has no role that may read this data');
}

export function requireRole(caller: CallerIdentity, roles: readonly Role[], action: string): void {
  if (!caller.roles.some((r) => roles.includes(r))) {
    throw new DomainError('AUTH.FORBIDDEN', 'forbidden', `${action} needs one of the roles ${roles.join(', ')}`);
  }
}

/** A partner-side user acting for their own partner org: the only callers who write claims. */
export function requirePartnerUser(caller: CallerIdentity, action: string): string {
  requireRole(caller, PARTNER_ROLES, action);
  if (!caller.partnerId)
    throw new DomainError('AUTH.FORBIDDEN', 'forbidden', `${action} needs a caller bound to a partner org`);
  return caller.partnerId;
}

/** True when the scope may see data of `partnerId`. */
export const canSee = (scope: Scope, partnerId: string) => scope.kind === 'all' || scope.partnerId === partnerId;
