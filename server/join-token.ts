import { createRemoteJWKSet, errors, importPKCS8, importSPKI, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { isValidId, MAX_NAME_CHARS, MAX_TOKEN_CHARS } from '../src/signaling/protocol.js';
import { Hs256Error, hs256Key, verifyHs256 } from './hs256-token.js';

// Signed join tokens: who (sub, name), which room, which role, until when. The host's backend
// signs one per person per room; the server verifies it with `jose` and trusts nothing else the
// client says about itself.

export type Role = 'host' | 'guest';
export type PublishKind = 'audio' | 'video' | 'screen';

/** What a token may allow beyond joining: recording, admitting from the waiting room, what to send. */
export interface JoinGrants {
  record?: boolean;
  admit?: boolean;
  publish?: PublishKind[];
}

export interface JoinClaims {
  room: string;
  /** The participant id. */
  sub: string;
  name: string;
  role: Role;
  grants: JoinGrants;
  /**
   * The room has a waiting room: a guest without the `admit` grant knocks and waits for a host.
   * Any token for the room that says so locks it, until a host unlocks it.
   */
  waitingRoom?: boolean;
  /** Seconds since the epoch. */
  exp: number;
  nbf?: number;
}

/** Each way a token can be refused; the client reports the same code. */
export type TokenErrorCode = 'token_missing' | 'token_invalid' | 'token_expired' | 'token_not_yet_valid' | 'token_wrong_room' | 'token_wrong_participant';

export class TokenError extends Error {
  constructor(
    readonly code: TokenErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * How tokens are checked: a shared secret (HS256), a public key in PEM (EdDSA or RS256, the
 * backend keeps the private key), or a JWKS URL (the backend publishes its keys).
 */
export interface TokenKeys {
  secret?: string;
  publicKey?: string;
  /** The public key's algorithm: `EdDSA` (default) or `RS256`. */
  publicKeyAlgorithm?: 'EdDSA' | 'RS256';
  jwksUrl?: string;
  /** Seconds of clock difference forgiven on `exp` and `nbf` (default 30). */
  clockToleranceSeconds?: number;
}

/** HS256 needs a secret at least as long as its hash: 32 bytes. */
export const MIN_SECRET_CHARS = 32;
const ROLES: ReadonlySet<string> = new Set<Role>(['host', 'guest']);
const PUBLISH: ReadonlySet<string> = new Set<PublishKind>(['audio', 'video', 'screen']);

export type TokenVerifier = (token: unknown) => Promise<JoinClaims>;

/** The HS256 key of a shared secret, refused when shorter than the hash it keys. */
function secretKey(secret: string): Uint8Array {
  if (secret.length < MIN_SECRET_CHARS) throw new Error(`Join tokens: the secret must be at least ${MIN_SECRET_CHARS} characters.`);
  return new TextEncoder().encode(secret);
}

/** A verifier for these keys; throws at once on a configuration that could not verify anything safely. */
export function createTokenVerifier(keys: TokenKeys): TokenVerifier {
  const clockTolerance = keys.clockToleranceSeconds ?? 30;
  const configured = [keys.secret, keys.publicKey, keys.jwksUrl].filter((k) => k !== undefined).length;
  if (configured !== 1) throw new Error('Join tokens: give exactly one of secret, publicKey or jwksUrl.');
  let payloadOf: (token: string) => Promise<JWTPayload> | JWTPayload;
  if (keys.secret !== undefined) {
    const key = hs256Key(secretKey(keys.secret));
    payloadOf = (token) => verifyHs256(token, key, clockTolerance);
  } else {
    let key: Parameters<typeof jwtVerify>[1] | Promise<Parameters<typeof jwtVerify>[1]>;
    let algorithms: string[];
    if (keys.publicKey !== undefined) {
      const alg = keys.publicKeyAlgorithm ?? 'EdDSA';
      key = importSPKI(keys.publicKey, alg);
      algorithms = [alg];
    } else {
      key = createRemoteJWKSet(new URL(keys.jwksUrl!));
      algorithms = ['EdDSA', 'RS256', 'ES256'];
    }
    payloadOf = async (token) =>
      (await jwtVerify(token, (await key) as Parameters<typeof jwtVerify>[1], { algorithms, clockTolerance, requiredClaims: ['exp'] })).payload;
  }
  return async (token) => {
    if (token === undefined || token === null || token === '') throw new TokenError('token_missing', 'This server needs a join token.');
    if (typeof token !== 'string' || token.length > MAX_TOKEN_CHARS) throw new TokenError('token_invalid', 'The join token is malformed.');
    let payload: JWTPayload;
    try {
      payload = await payloadOf(token);
    } catch (error) {
      throw tokenErrorOf(error);
    }
    return claimsOf(payload);
  };
}

/** Verifies a token for this room and participant. */
export async function verifyJoinToken(verify: TokenVerifier, token: unknown, expected: { room: string; participantId: string }): Promise<JoinClaims> {
  const claims = await verify(token);
  if (claims.room !== expected.room) throw new TokenError('token_wrong_room', `This join token is for another room, not ${expected.room}.`);
  if (claims.sub !== expected.participantId) throw new TokenError('token_wrong_participant', 'This join token is for another participant.');
  return claims;
}

function tokenErrorOf(error: unknown): TokenError {
  if (error instanceof Hs256Error && error.failure === 'expired') return new TokenError('token_expired', 'The join token has expired.');
  if (error instanceof Hs256Error && error.failure === 'not_yet_valid') return new TokenError('token_not_yet_valid', 'The join token is not valid yet.');
  if (error instanceof errors.JWTExpired) return new TokenError('token_expired', 'The join token has expired.');
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf' && error.reason === 'check_failed')
    return new TokenError('token_not_yet_valid', 'The join token is not valid yet.');
  // A bad signature, `alg: none`, another algorithm, a malformed token: all the same to the client.
  return new TokenError('token_invalid', 'The join token is not valid.');
}

function claimsOf(payload: JWTPayload): JoinClaims {
  const { room, sub, name, role = 'guest', grants = {}, waitingRoom, exp, nbf } = payload as Record<string, unknown>;
  const bad = (what: string) => new TokenError('token_invalid', `The join token's ${what} is not valid.`);
  if (!isValidId(room)) throw bad('room');
  if (!isValidId(sub)) throw bad('sub');
  if (typeof name !== 'string' || name.length > MAX_NAME_CHARS) throw bad('name');
  if (typeof role !== 'string' || !ROLES.has(role)) throw bad('role');
  if (typeof grants !== 'object' || grants === null || Array.isArray(grants)) throw bad('grants');
  if (waitingRoom !== undefined && typeof waitingRoom !== 'boolean') throw bad('waitingRoom');
  // jose takes the Infinity that JSON.parse makes of `"exp": 1e400` as a number: never expiring.
  if (!Number.isFinite(exp)) throw bad('exp');
  const { record, admit, publish } = grants as Record<string, unknown>;
  if (record !== undefined && typeof record !== 'boolean') throw bad('grants.record');
  if (admit !== undefined && typeof admit !== 'boolean') throw bad('grants.admit');
  if (publish !== undefined && !(Array.isArray(publish) && publish.every((kind) => PUBLISH.has(kind)))) throw bad('grants.publish');
  return {
    room,
    sub,
    name,
    role: role as Role,
    grants: {
      ...(record === undefined ? {} : { record }),
      ...(admit === undefined ? {} : { admit }),
      ...(publish === undefined ? {} : { publish: publish as PublishKind[] }),
    },
    ...(waitingRoom ? { waitingRoom: true } : {}),
    exp: exp as number,
    ...(typeof nbf === 'number' ? { nbf } : {}),
  };
}

export interface JoinTokenRequest {
  room: string;
  sub: string;
  name: string;
  role?: Role;
  grants?: JoinGrants;
  /** Send guests of this room to its waiting room (see JoinClaims.waitingRoom). */
  waitingRoom?: boolean;
  /** How long it is valid (default one hour). */
  ttlSeconds?: number;
  /** Not valid before this many seconds from now (default: at once). */
  notBeforeSeconds?: number;
}

/** How a backend signs: the shared secret, or its private key in PEM (PKCS#8). */
export type SigningKey = { secret: string } | { privateKey: string; algorithm?: 'EdDSA' | 'RS256' };

export const DEFAULT_TOKEN_TTL_SECONDS = 3600;

/** Signs a join token, for a host's backend (and `npm run token`). */
export async function signJoinToken(request: JoinTokenRequest, signing: SigningKey): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({
    room: request.room,
    name: request.name,
    role: request.role ?? 'guest',
    grants: request.grants ?? {},
    ...(request.waitingRoom ? { waitingRoom: true } : {}),
  })
    .setSubject(request.sub)
    .setIssuedAt(now)
    .setExpirationTime(now + (request.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS));
  if (request.notBeforeSeconds) jwt.setNotBefore(now + request.notBeforeSeconds);
  if ('secret' in signing) {
    return jwt.setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(secretKey(signing.secret));
  }
  const alg = signing.algorithm ?? 'EdDSA';
  return jwt.setProtectedHeader({ alg, typ: 'JWT' }).sign(await importPKCS8(signing.privateKey, alg));
}
