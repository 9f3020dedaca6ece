import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';

// HS256 join tokens verified synchronously with node:crypto. jose (which verifies the public-key
// kinds) goes through WebCrypto, whose HMAC is a job on libuv's thread pool: the join bench found
// the hop there and back, not the hash, to be most of what a token added to a join. The rules
// are RFC 7515/7519's as jose applies them: only `alg: HS256`, no `crit` extensions, a required
// numeric `exp`, numeric `nbf` and `iat` where present, and a clock tolerance on both ends.

/** Why a token was refused, before the claims' meaning is looked at. */
export type Hs256Failure = 'invalid' | 'expired' | 'not_yet_valid';

export class Hs256Error extends Error {
  constructor(readonly failure: Hs256Failure) {
    super(`HS256 token ${failure.replace(/_/g, ' ')}`);
  }
}

const SEGMENT = /^[A-Za-z0-9_-]+$/;
const SIGNATURE_CHARS = 43; // 32 bytes of SHA-256, base64url without padding

export function hs256Key(secret: Uint8Array): KeyObject {
  return createSecretKey(secret);
}

/** The payload of a compact HS256 JWS signed with `key`, its times checked against `nowSeconds`. */
export function verifyHs256(token: string, key: KeyObject, clockToleranceSeconds: number, nowSeconds = Math.floor(Date.now() / 1000)): Record<string, unknown> {
  const parts = token.split('.');
  if (parts.length !== 3) throw new Hs256Error('invalid');
  const [header, payload, signature] = parts as [string, string, string];
  if (!SEGMENT.test(header) || !SEGMENT.test(payload) || signature.length !== SIGNATURE_CHARS || !SEGMENT.test(signature)) throw new Hs256Error('invalid');
  const given = Buffer.from(signature, 'base64url');
  // 43 characters carry 258 bits: a signature whose last 2 are not zero is another spelling of the same 32 bytes.
  if (given.toString('base64url') !== signature) throw new Hs256Error('invalid');
  const expected = createHmac('sha256', key).update(`${header}.${payload}`).digest();
  if (!timingSafeEqual(given, expected)) throw new Hs256Error('invalid');

  // Only a signed header and payload are parsed: nothing an unsigned token says reaches JSON.parse.
  const head = jsonObjectOf(header);
  if (head.alg !== 'HS256' || head.crit !== undefined) throw new Hs256Error('invalid');
  const claims = jsonObjectOf(payload);
  const { exp, nbf, iat } = claims;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) throw new Hs256Error('invalid');
  if (nbf !== undefined && (typeof nbf !== 'number' || !Number.isFinite(nbf))) throw new Hs256Error('invalid');
  if (iat !== undefined && (typeof iat !== 'number' || !Number.isFinite(iat))) throw new Hs256Error('invalid');
  if (nbf !== undefined && nbf > nowSeconds + clockToleranceSeconds) throw new Hs256Error('not_yet_valid');
  if (exp <= nowSeconds - clockToleranceSeconds) throw new Hs256Error('expired');
  return claims;
}

function jsonObjectOf(segment: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw new Hs256Error('invalid');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Hs256Error('invalid');
  return value as Record<string, unknown>;
}
