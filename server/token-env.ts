import { readFileSync } from 'node:fs';
import type { TokenKeys } from './join-token.js';

/**
 * The token keys `npm start` reads from the environment: LIFELINE_TOKEN_SECRET (HS256, 32+
 * characters), or LIFELINE_TOKEN_PUBLIC_KEY (a PEM, or the path of a PEM file) with
 * LIFELINE_TOKEN_ALG (EdDSA or RS256), or LIFELINE_TOKEN_JWKS_URL. Null when none is set: open mode.
 */
export function tokenKeysFromEnv(env: NodeJS.ProcessEnv = process.env): TokenKeys | null {
  const { LIFELINE_TOKEN_SECRET: secret, LIFELINE_TOKEN_PUBLIC_KEY: publicKey, LIFELINE_TOKEN_JWKS_URL: jwksUrl, LIFELINE_TOKEN_ALG: alg } = env;
  if (secret) return { secret };
  if (publicKey) {
    const pem = publicKey.includes('-----BEGIN') ? publicKey : readFileSync(publicKey, 'utf8');
    if (alg && alg !== 'EdDSA' && alg !== 'RS256') throw new Error(`LIFELINE_TOKEN_ALG must be EdDSA or RS256, not ${alg}.`);
    return { publicKey: pem, publicKeyAlgorithm: (alg as 'EdDSA' | 'RS256' | undefined) ?? 'EdDSA' };
  }
  if (jwksUrl) return { jwksUrl };
  return null;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/**
 * Where `npm start` may listen. Without tokens anyone who reaches the server joins any room, so
 * it listens on loopback only, unless LIFELINE_OPEN=1 says that is really wanted.
 */
export function listenHost(env: NodeJS.ProcessEnv, tokens: TokenKeys | null): { host: string | undefined } | { refuse: string } {
  if (tokens || env.LIFELINE_OPEN === '1') return { host: env.HOST };
  if (env.HOST && !LOOPBACK.test(env.HOST)) {
    return {
      refuse: `Refusing to listen on HOST=${env.HOST} without join tokens: anyone could join any room. Set LIFELINE_TOKEN_SECRET (or LIFELINE_TOKEN_PUBLIC_KEY, LIFELINE_TOKEN_JWKS_URL), or LIFELINE_OPEN=1 to accept that.`,
    };
  }
  return { host: env.HOST ?? '127.0.0.1' };
}
