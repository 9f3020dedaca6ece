// How `npm start` reads its token keys and where it may listen, as pure functions of the environment.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listenHost, tokenKeysFromEnv } from '../../build/server/token-env.js';

test('token keys from the environment: a secret, a public key with its algorithm, a JWKS URL, or none', () => {
  assert.deepEqual(tokenKeysFromEnv({ LIFELINE_TOKEN_SECRET: 's'.repeat(40) }), { secret: 's'.repeat(40) });
  const pem = '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----';
  assert.deepEqual(tokenKeysFromEnv({ LIFELINE_TOKEN_PUBLIC_KEY: pem, LIFELINE_TOKEN_ALG: 'RS256' }), { publicKey: pem, publicKeyAlgorithm: 'RS256' });
  assert.throws(() => tokenKeysFromEnv({ LIFELINE_TOKEN_PUBLIC_KEY: pem, LIFELINE_TOKEN_ALG: 'none' }), /EdDSA or RS256/);
  assert.deepEqual(tokenKeysFromEnv({ LIFELINE_TOKEN_JWKS_URL: 'https://auth.example.com/jwks.json' }), { jwksUrl: 'https://auth.example.com/jwks.json' });
  assert.equal(tokenKeysFromEnv({}), null);
});

test('without tokens: loopback by default, another interface only with LIFELINE_OPEN=1; with tokens, HOST as given', () => {
  assert.deepEqual(listenHost({}, null), { host: '127.0.0.1' });
  assert.deepEqual(listenHost({ HOST: '::1' }, null), { host: '::1' });
  assert.match(listenHost({ HOST: '0.0.0.0' }, null).refuse, /without join tokens/);
  assert.deepEqual(listenHost({ HOST: '0.0.0.0', LIFELINE_OPEN: '1' }, null), { host: '0.0.0.0' });
  assert.deepEqual(listenHost({ LIFELINE_OPEN: '1' }, null), { host: undefined });
  assert.deepEqual(listenHost({ HOST: '0.0.0.0' }, { secret: 's'.repeat(40) }), { host: '0.0.0.0' });
  assert.deepEqual(listenHost({}, { secret: 's'.repeat(40) }), { host: undefined });
});
