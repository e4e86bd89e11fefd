import { createHash, timingSafeEqual } from 'node:crypto';
import { errors as joseErrors, importSPKI, jwtVerify, type JWTPayload, type KeyLike } from 'jose';
import type { AuthConfig } from '../config';

/**
 * Who is calling, established once per request from the Authorization header: `Bearer <JWT>` (verified with
 * jose against the configured HS256 secret or SPKI public key, issuer and audience) or `ApiKey <key>` (one of
 * EDITOR_API_KEYS, compared by SHA-256 digest in constant time). A request without credentials is anonymous;
 * a request with bad credentials is anonymous too but carries the reason, which a mutation reports
 * (reads are public, so a stale token never breaks them).
 */

export interface Viewer {
  /** Stable id: the JWT `sub`, or the API key's name. Audit records and `editor:<id>` provenance carry it. */
  id: string;
  name: string;
  roles: string[];
  via: 'jwt' | 'api-key';
}

export interface AuthState {
  viewer: Viewer | null;
  /** Why presented credentials were refused (expired, bad signature...), for the UNAUTHENTICATED error. */
  problem?: string;
}

export const ANONYMOUS: AuthState = { viewer: null };
export const EDITOR_ROLE = 'editor';
/** Editor ids end up in seed files (`editor:<id>`), so they are restricted to a safe alphabet. */
export const VIEWER_ID_PATTERN = /^[A-Za-z0-9][\w.@-]{0,63}$/;

export type Authenticate = (authorization: string | undefined) => Promise<AuthState>;

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

export async function createAuthenticator(config: AuthConfig): Promise<Authenticate> {
  const jwt = config.jwt;
  const keys: { key: KeyLike | Uint8Array; algorithms: string[] }[] = [];
  if (jwt?.secret) keys.push({ key: new TextEncoder().encode(jwt.secret), algorithms: ['HS256'] });
  if (jwt?.publicKey) keys.push({ key: await importSPKI(jwt.publicKey.pem, jwt.publicKey.algorithm), algorithms: [jwt.publicKey.algorithm] });
  const apiKeys = config.apiKeys.map(({ name, key }) => ({ name, digest: digest(key) }));

  const verifyJwt = async (token: string): Promise<AuthState> => {
    if (keys.length === 0) return { viewer: null, problem: 'bearer tokens are not accepted: the service has no AUTH_JWT_SECRET or AUTH_JWT_PUBLIC_KEY' };
    let lastProblem = 'the bearer token is not valid';
    for (const { key, algorithms } of keys) {
      try {
        const { payload } = await jwtVerify(token, key, { algorithms, issuer: jwt?.issuer, audience: jwt?.audience, requiredClaims: ['sub', 'exp'], clockTolerance: 5 });
        return viewerFromClaims(payload);
      } catch (error) {
        lastProblem = describeJwtError(error);
        if (error instanceof joseErrors.JWTExpired || error instanceof joseErrors.JWTClaimValidationFailed) break;
      }
    }
    return { viewer: null, problem: lastProblem };
  };

  const verifyApiKey = (key: string): AuthState => {
    const presented = digest(key);
    let match: string | undefined;
    // Compare against every key (no early exit), each in constant time.
    for (const candidate of apiKeys) if (timingSafeEqual(candidate.digest, presented) && match === undefined) match = candidate.name;
    if (match === undefined) return { viewer: null, problem: 'the API key is not one of EDITOR_API_KEYS' };
    return { viewer: { id: match, name: match, roles: [EDITOR_ROLE], via: 'api-key' } };
  };

  return async (authorization) => {
    if (!authorization) return ANONYMOUS;
    const [scheme, credential, ...rest] = authorization.trim().split(/\s+/);
    if (!credential || rest.length > 0) return { viewer: null, problem: 'the Authorization header must be "Bearer <token>" or "ApiKey <key>"' };
    if (/^bearer$/i.test(scheme!)) return verifyJwt(credential);
    if (/^apikey$/i.test(scheme!)) return verifyApiKey(credential);
    return { viewer: null, problem: `unsupported Authorization scheme "${scheme!.slice(0, 20)}": use "Bearer <token>" or "ApiKey <key>"` };
  };
}

function viewerFromClaims(payload: JWTPayload): AuthState {
  const sub = payload.sub ?? '';
  if (!VIEWER_ID_PATTERN.test(sub)) return { viewer: null, problem: 'the token subject (sub) must be 1-64 letters, digits, ".", "_", "@" or "-"' };
  const roles = new Set<string>();
  const claimRoles = payload.roles;
  if (Array.isArray(claimRoles)) for (const r of claimRoles) if (typeof r === 'string') roles.add(r);
  if (typeof payload.role === 'string') roles.add(payload.role);
  const name = typeof payload.name === 'string' && payload.name.trim() ? payload.name.trim().slice(0, 120) : sub;
  return { viewer: { id: sub, name, roles: [...roles], via: 'jwt' } };
}

function describeJwtError(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'the bearer token has expired: mint a new one';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `the bearer token's "${error.claim}" claim is not acceptable (${error.reason})`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'the bearer token signature does not verify with the configured key';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'the bearer token is signed with an algorithm the service does not accept';
  return 'the bearer token is malformed or not a JWT';
}
