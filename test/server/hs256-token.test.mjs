// The synchronous HS256 verifier against jose, token by token, as an attacker would write them:
// for every case both must reach the same verdict (accepted with the same claims, or refused as
// invalid, expired or not yet valid). jose verifies the public-key kinds and is the reference.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { errors, jwtVerify } from 'jose';
import { hs256Key, Hs256Error, verifyHs256 } from '../../build/server/hs256-token.js';

const SECRET = 'a-join-token-secret-of-at-least-32-chars';
const TOLERANCE = 30;
const now = Math.floor(Date.now() / 1000);
const b64 = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const sign = (input, secret = SECRET, hash = 'sha256') => createHmac(hash, secret).update(input).digest('base64url');

/** A compact JWS of this header and payload (each an object or a raw string), signed with the secret. */
function token(header, payload, { secret, hash } = {}) {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${sign(input, secret, hash)}`;
}

const good = { room: 'consult', sub: 'ada', name: 'Ada', exp: now + 600 };
const HS = { alg: 'HS256', typ: 'JWT' };
const valid = token(HS, good);
const [validHead, validBody, validSig] = valid.split('.');
/** The same signature spelled with the unused low bits of its last character set. */
const respelled = `${validSig.slice(0, -1)}${'AEIMQUYcgkosw048'.includes(validSig.at(-1)) ? String.fromCharCode(validSig.charCodeAt(42) + 1) : 'A'}`;

const cases = {
  'a good token': valid,
  'no typ header': token({ alg: 'HS256' }, good),
  'alg none': `${b64({ alg: 'none' })}.${b64(good)}.`,
  'alg none with a signature': token({ alg: 'none' }, good),
  'alg HS384': token({ alg: 'HS384' }, good, { hash: 'sha384' }),
  'alg hs256 in lower case': token({ alg: 'hs256' }, good),
  'no alg': token({ typ: 'JWT' }, good),
  'a crit extension': token({ alg: 'HS256', crit: ['b64'], b64: false }, good),
  'another key': token(HS, good, { secret: 'some-other-secret-that-is-32-chars-long' }),
  'a tampered payload': `${validHead}.${b64({ ...good, sub: 'bob' })}.${validSig}`,
  'a respelled signature': `${validHead}.${validBody}.${respelled}`,
  'a padded signature': `${valid}=`,
  'a signature in base64': `${validHead}.${validBody}.${validSig.replace(/-/g, '+').replace(/_/g, '/')}${validSig.includes('-') || validSig.includes('_') ? '' : '+'}`,
  'a fourth segment': `${valid}.${validSig}`,
  'two segments': `${validHead}.${validBody}`,
  'an empty payload': `${validHead}..${sign(`${validHead}.`)}`,
  'a payload that is not JSON': token(HS, 'not json'),
  'a payload that is an array': token(HS, [good]),
  'a payload that is null': token(HS, 'null'),
  'a header that is not JSON': token('{alg:HS256}', good),
  'no exp': token(HS, { ...good, exp: undefined }),
  'an exp past any date (1e400 parses as Infinity)': token(HS, '{"room":"consult","sub":"ada","name":"Ada","exp":1e400}'),
  'exp as a string': token(HS, { ...good, exp: String(now + 600) }),
  expired: token(HS, { ...good, exp: now - 120 }),
  'expired within the tolerance': token(HS, { ...good, exp: now - 10 }),
  'nbf in the future': token(HS, { ...good, nbf: now + 600 }),
  'nbf within the tolerance': token(HS, { ...good, nbf: now + 10 }),
  'nbf as a string': token(HS, { ...good, nbf: 'soon' }),
  'iat as a string': token(HS, { ...good, iat: 'today' }),
  'whitespace in a segment': `${validHead} .${validBody}.${validSig}`,
  garbage: 'not.a.token',
};

/** A verdict both verifiers can give: the claims, or why not. */
function verdictOfOurs(jws) {
  try {
    return { claims: verifyHs256(jws, hs256Key(new TextEncoder().encode(SECRET)), TOLERANCE) };
  } catch (error) {
    assert.ok(error instanceof Hs256Error, `${error}`);
    return { refused: error.failure };
  }
}

async function verdictOfJose(jws) {
  try {
    return {
      claims: (await jwtVerify(jws, new TextEncoder().encode(SECRET), { algorithms: ['HS256'], clockTolerance: TOLERANCE, requiredClaims: ['exp'] })).payload,
    };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { refused: 'expired' };
    if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf' && error.reason === 'check_failed') return { refused: 'not_yet_valid' };
    return { refused: 'invalid' };
  }
}

/**
 * Where ours is stricter on purpose. jose decodes the signature forgivingly, so another spelling
 * of the same bytes passes there (no encoder writes one); and it takes an `exp` of Infinity,
 * which JSON.parse makes of 1e400, as a token that never expires.
 */
const STRICTER = new Set(['a respelled signature', 'a padded signature', 'an exp past any date (1e400 parses as Infinity)']);

test('every token gets the same verdict as from jose', async () => {
  const accepted = [];
  for (const [name, jws] of Object.entries(cases)) {
    const ours = verdictOfOurs(jws);
    const jose = await verdictOfJose(jws);
    if (STRICTER.has(name)) {
      assert.ok(jose.claims, `${name}: jose accepts it`);
      assert.deepEqual(ours, { refused: 'invalid' }, name);
      continue;
    }
    assert.deepEqual(ours, jose, name);
    if (ours.claims) accepted.push(name);
  }
  // The table must exercise both sides: a verifier refusing everything would agree on most of it.
  assert.deepEqual(accepted, ['a good token', 'no typ header', 'expired within the tolerance', 'nbf within the tolerance']);
});

test('the times in a token are read against the clock it is given', () => {
  const key = hs256Key(new TextEncoder().encode(SECRET));
  const jws = token(HS, { ...good, nbf: now + 100, exp: now + 200 });
  assert.throws(
    () => verifyHs256(jws, key, 0, now + 99),
    (error) => error.failure === 'not_yet_valid',
  );
  assert.equal(verifyHs256(jws, key, 0, now + 100).sub, 'ada');
  assert.equal(verifyHs256(jws, key, 0, now + 199).sub, 'ada');
  assert.throws(
    () => verifyHs256(jws, key, 0, now + 200),
    (error) => error.failure === 'expired',
  );
});
