import { isPartnerRole } from '@poe/contracts';
import { DomainError } from '@poe/platform';
import {
  calculateJwkThumbprint,
  createRemoteJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  JWTPayload,
  jwtVerify,
  SignJWT,
  type JWK,
  type JWTVerifyGetKey,
  type KeyLike,
} from 'jose';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Identity, Role, ROLES } from './identity';

const unauthenticated = (message: string) => new DomainError('AUTH.UNAUTHENTICATED', 'unauthenticated', message);

function toIdentity(payload: JWTPayload): Identity {
  const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is Role => ROLES.includes(r as Role)) : [];
  if (!payload.sub || roles.length === 0) throw unauthenticated('token has no subject or no known role');
  const partnerId = typeof payload.partner_id === 'string' ? payload.partner_id : undefined;
  if (roles.some(isPartnerRole) && !partnerId) {
    throw unauthenticated('a partner-side token must carry partner_id');
  }
  return { subject: payload.sub, roles, partnerId };
}

/** Verified tokens are remembered this long at most (and never past their expiry). */
const CACHE_MS = 5 * 60_000;
const CACHE_ENTRIES = 50_000;

/**
 * Verifies bearer tokens: RS256/ES256 only, issuer and audience checked, expiry enforced. A client
 * sends the same token many times: its verified identity is kept until min(exp, 5 min), so the
 * signature is checked once, not per request.
 */
export class TokenVerifier {
  private readonly verified = new Map<string, { identity: Identity; until: number }>();

  constructor(
    private readonly keys: JWTVerifyGetKey | KeyLike,
    private readonly issuer: string,
    private readonly audience: string,
    private readonly now: () => number = Date.now,
  ) {}

  static forJwks(jwksUrl: string, issuer: string, audience: string): TokenVerifier {
    return new TokenVerifier(createRemoteJWKSet(new URL(jwksUrl)), issuer, audience);
  }

  async verify(token: string): Promise<Identity> {
    const t = this.now();
    const known = this.verified.get(token);
    if (known && known.until > t) return known.identity;
    if (known) this.verified.delete(token);
    try {
      const { payload } = await jwtVerify(token, this.keys as JWTVerifyGetKey, {
        issuer: this.issuer,
        audience: this.audience,
        algorithms: ['RS256', 'ES256'],
        currentDate: new Date(t),
      });
      const identity = toIdentity(payload);
      this.remember(token, identity, Math.min(t + CACHE_MS, (payload.exp ?? 0) * 1000));
      return identity;
    } catch (e) {
      if (e instanceof DomainError) throw e;
      throw unauthenticated(`invalid token: ${(e as Error).message}`);
    }
  }

  private remember(token: string, identity: Identity, until: number) {
    if (this.verified.size >= CACHE_ENTRIES) {
      // Oldest first (Map keeps insertion order): a bounded memory, whatever the clients send.
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    this.verified.set(token, { identity, until });
  }
}

export interface DemoUser {
  username: string;
  name: string;
  roles: Role[];
  partnerId?: string;
}

/**
 * The dev issuer's ES256 key: read from `file` if it exists, else made and written there (0600), so
 * a gateway restart does not sign everyone out. Without a file: made at boot, never stored. Two
 * gateways starting at once both end up with the key whichever wrote first (exclusive create).
 */
async function devSigningKey(file?: string): Promise<{ privateKey: KeyLike; publicJwk: JWK }> {
  const load = async (jwk: JWK) => {
    const { d: _d, ...publicJwk } = jwk;
    return { privateKey: (await importJWK(jwk, 'ES256')) as KeyLike, publicJwk };
  };
  const read = () => load(JSON.parse(readFileSync(file!, 'utf8')) as JWK);
  if (file) {
    try {
      return await read();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  if (!file) return load(jwk);
  mkdirSync(dirname(file), { recursive: true });
  try {
    writeFileSync(file, JSON.stringify(jwk), { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return read();
  }
  return load(jwk);
}

/**
 * Local runs and demos: tokens for the demo users only, signed with a key kept in
 * DEV_SIGNING_KEY_FILE (under .local/, never committed), so tokens outlive a gateway restart.
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

  /** `keyFile`: where the signing key persists (made on first use); none: a key for this process only. */
  static async create(usersFile: string, audience: string, keyFile?: string): Promise<DevIssuer> {
    const { privateKey, publicJwk } = await devSigningKey(keyFile);
    const parsed = JSON.parse(readFileSync(usersFile, 'utf8')) as { users: DemoUser[] };
    const users = new Map(parsed.users.map((u) => [u.username, u]));
    const kid = await calculateJwkThumbprint(publicJwk);
    const jwk = { ...publicJwk, alg: 'ES256', use: 'sig', kid };
    const publicKey = (await importJWK(publicJwk, 'ES256')) as KeyLike;
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
      .setProtectedHeader({ alg: 'ES256', kid: this.publicJwk.kid as string })
      .setIssuer(DevIssuer.ISSUER)
      .setAudience(this.audience)
      .setSubject(user.username)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.privateKey);
  }
}
