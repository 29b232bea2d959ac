import { DomainError } from '@poe/platform';
import {
  createRemoteJWKSet,
  exportJWK,
  generateKeyPair,
  JWTPayload,
  jwtVerify,
  SignJWT,
  type JWTVerifyGetKey,
  type KeyLike,
} from 'jose';
import { readFileSync } from 'node:fs';
import { Identity, Role, ROLES } from './identity';

const unauthenticated = (message: string) => new DomainError('AUTH.UNAUTHENTICATED', 'unauthenticated', message);

function toIdentity(payload: JWTPayload): Identity {
  const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is Role => ROLES.includes(r as Role)) : [];
  if (!payload.sub || roles.length === 0) throw unauthenticated('token has no subject or no known role');
  const partnerId = typeof payload.partner_id === 'string' ? payload.partner_id : undefined;
  if ((roles.includes('incentives-admin') || roles.includes('incentives-user')) && !partnerId) {
    throw unauthenticated('a partner-side token must carry partner_id');
  }
  return { subject: payload.sub, roles, partnerId };
}

/** Verifies bearer tokens: RS256/ES256 only, issuer and audience checked, expiry enforced. */
export class TokenVerifier {
  constructor(
    private readonly keys: JWTVerifyGetKey | KeyLike,
    private readonly issuer: string,
    private readonly audience: string,
  ) {}

  static forJwks(jwksUrl: string, issuer: string, audience: string): TokenVerifier {
    return new TokenVerifier(createRemoteJWKSet(new URL(jwksUrl)), issuer, audience);
  }

  async verify(token: string): Promise<Identity> {
    try {
      const { payload } = await jwtVerify(token, this.keys as JWTVerifyGetKey, {
        issuer: this.issuer,
        audience: this.audience,
        algorithms: ['RS256', 'ES256'],
      });
      return toIdentity(payload);
    } catch (e) {
      if (e instanceof DomainError) throw e;
      throw unauthenticated(`invalid token: ${(e as Error).message}`);
    }
  }
}

export interface DemoUser {
  username: string;
  name: string;
  roles: Role[];
  partnerId?: string;
}

/**
 * Local runs and demos: a key pair made at boot (never stored), tokens for the demo users only.
 * Tokens die with the process, which is what a demo wants.
 */
export class DevIssuer {
  static readonly ISSUER = 'urn:poe-claims:dev-issuer';

  private constructor(
    private readonly privateKey: KeyLike,
    readonly publicJwk: Record<string, unknown>,
    readonly verifier: TokenVerifier,
    private readonly users: Map<string, DemoUser>,
    private readonly audience: string,
  ) {}

  static async create(usersFile: string, audience: string): Promise<DevIssuer> {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const parsed = JSON.parse(readFileSync(usersFile, 'utf8')) as { users: DemoUser[] };
    const users = new Map(parsed.users.map((u) => [u.username, u]));
    const jwk = { ...(await exportJWK(publicKey)), alg: 'ES256', use: 'sig', kid: 'dev' };
    return new DevIssuer(privateKey, jwk, new TokenVerifier(publicKey, DevIssuer.ISSUER, audience), users, audience);
  }

  listUsers(): DemoUser[] {
    return [...this.users.values()];
  }

  async mint(username: string, ttlSeconds = 3600): Promise<string> {
    const user = this.users.get(username);
    if (!user)
      throw DomainError.invalidField(
        'AUTH.UNKNOWN_DEMO_USER',
        'username',
        'isDemoUser',
        `"${username}" is not a demo user`,
      );
    return new SignJWT({ roles: user.roles, partner_id: user.partnerId, name: user.name })
      .setProtectedHeader({ alg: 'ES256', kid: 'dev' })
      .setIssuer(DevIssuer.ISSUER)
      .setAudience(this.audience)
      .setSubject(user.username)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.privateKey);
  }
}
