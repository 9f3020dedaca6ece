import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { buildRtcConfiguration, type IceConfig, type IcePolicy } from '../src/peer/rtc-config.js';

// The ICE config the reference server hands out: per organisation, with short-lived TURN
// credentials in the TURN REST scheme that coturn checks with `use-auth-secret`. The shared
// secret stays here; browsers only ever see credentials that expire.

/** One TURN deployment: its URLs and the secret coturn was started with (`static-auth-secret`). */
export interface TurnDeployment {
  urls: string[];
  secret: string;
}

export interface OrgIceSpec {
  stun?: string[];
  turn?: TurnDeployment[];
  icePolicy?: IcePolicy;
  /** Lifetime of the issued TURN credentials, in seconds (default 3600). */
  ttlSeconds?: number;
}

/** Per-organisation ICE settings, with `default` for an organisation not listed. */
export interface IceConfigSpec {
  default: OrgIceSpec;
  orgs?: Record<string, OrgIceSpec>;
}

/** What `GET /lifeline/ice-config` returns: an `IceConfig` the SDK uses as it is. */
export interface IssuedIceConfig extends Required<Omit<IceConfig, 'ttlSeconds'>> {
  ttlSeconds: number;
}

export const DEFAULT_TURN_TTL_SECONDS = 3600;
const MAX_TURN_TTL_SECONDS = 24 * 3600;
const ORG = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * TURN REST credentials (draft-uberti-behave-turn-rest): username `expiry:user` with the expiry
 * in Unix seconds, credential `base64(HMAC-SHA1(secret, username))`.
 */
export function turnCredential(secret: string, user: string, ttlSeconds: number, nowMs = Date.now()): { username: string; credential: string } {
  const username = `${Math.floor(nowMs / 1000) + ttlSeconds}:${user}`;
  return { username, credential: createHmac('sha1', secret).update(username).digest('base64') };
}

/** The user part of a TURN username: an id the SDK sent, without the separator coturn splits on. */
export function turnUser(value: unknown): string {
  const user = typeof value === 'string' ? value.replace(/[^A-Za-z0-9._@-]/g, '_').slice(0, 64) : '';
  return user || 'lifeline';
}

/** The organisation named in a request, or `default` when it is missing, malformed or unknown. */
export function orgSpec(spec: IceConfigSpec, org: unknown): OrgIceSpec {
  return typeof org === 'string' && ORG.test(org) && spec.orgs && Object.hasOwn(spec.orgs, org) ? spec.orgs[org] : spec.default;
}

export function issueIceConfig(spec: OrgIceSpec, user: string, nowMs = Date.now()): IssuedIceConfig {
  const ttlSeconds = spec.ttlSeconds ?? DEFAULT_TURN_TTL_SECONDS;
  return {
    stun: [...(spec.stun ?? [])],
    turn: (spec.turn ?? []).map(({ urls, secret }) => ({ urls: [...urls], ...turnCredential(secret, user, ttlSeconds, nowMs) })),
    icePolicy: spec.icePolicy ?? 'all',
    ttlSeconds,
  };
}

/**
 * Checks a spec once at start, naming the entry at fault, so a broken file stops the server
 * instead of handing browsers a config they reject. URLs get the SDK's own checks.
 */
export function parseIceConfigSpec(value: unknown): IceConfigSpec {
  const fail = (message: string): never => {
    throw new Error(`ICE config: ${message}`);
  };
  if (typeof value !== 'object' || value === null) fail('must be an object with a "default" entry.');
  const { default: fallback, orgs = {} } = value as { default?: unknown; orgs?: unknown };
  if (typeof orgs !== 'object' || orgs === null || Array.isArray(orgs)) fail('"orgs" must be an object of organisation names.');
  // No prototype: an organisation called "__proto__" in the file is just a name.
  const checked: IceConfigSpec = { default: checkOrg(fallback, 'default', fail), orgs: Object.create(null) };
  for (const [org, entry] of Object.entries(orgs as object)) {
    if (!ORG.test(org)) fail(`organisation name ${JSON.stringify(org)} must be 1-64 characters of A-Z a-z 0-9 . _ -.`);
    checked.orgs![org] = checkOrg(entry, `orgs.${org}`, fail);
  }
  return checked;
}

function checkOrg(value: unknown, where: string, fail: (message: string) => never): OrgIceSpec {
  if (typeof value !== 'object' || value === null) fail(`${where} must be an object.`);
  const spec = value as OrgIceSpec;
  const ttl = spec.ttlSeconds ?? DEFAULT_TURN_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TURN_TTL_SECONDS)
    fail(`${where}.ttlSeconds must be a whole number of seconds, 1-${MAX_TURN_TTL_SECONDS}.`);
  if (spec.turn !== undefined && !Array.isArray(spec.turn)) fail(`${where}.turn must be an array of { urls, secret }.`);
  (spec.turn ?? []).forEach((turn, i) => {
    if (typeof turn?.secret !== 'string' || turn.secret.length < 16) fail(`${where}.turn[${i}].secret must be a string of at least 16 characters.`);
  });
  try {
    // A sample issue through the SDK's builder checks every URL and the policy.
    buildRtcConfiguration(issueIceConfig(spec, 'check'));
  } catch (error) {
    fail(`${where}: ${(error as Error).message}`);
  }
  return {
    stun: spec.stun,
    turn: spec.turn?.map(({ urls, secret }) => ({ urls: Array.isArray(urls) ? urls : [urls], secret })),
    icePolicy: spec.icePolicy,
    ttlSeconds: spec.ttlSeconds,
  };
}

/**
 * The spec from the environment: `LIFELINE_ICE_CONFIG` names a JSON file of the `IceConfigSpec`
 * shape; otherwise `LIFELINE_STUN_URLS` and `LIFELINE_TURN_URLS` (comma-separated) with
 * `LIFELINE_TURN_SECRET`, `LIFELINE_TURN_TTL` and `LIFELINE_ICE_POLICY` make the default.
 */
export function iceConfigSpecFromEnv(env: NodeJS.ProcessEnv = process.env): IceConfigSpec {
  if (env.LIFELINE_ICE_CONFIG) return parseIceConfigSpec(JSON.parse(readFileSync(env.LIFELINE_ICE_CONFIG, 'utf8')));
  const list = (value?: string) =>
    (value ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  const turnUrls = list(env.LIFELINE_TURN_URLS);
  if (turnUrls.length > 0 && !env.LIFELINE_TURN_SECRET) throw new Error('ICE config: LIFELINE_TURN_URLS needs LIFELINE_TURN_SECRET.');
  return parseIceConfigSpec({
    default: {
      stun: list(env.LIFELINE_STUN_URLS),
      turn: turnUrls.length > 0 ? [{ urls: turnUrls, secret: env.LIFELINE_TURN_SECRET }] : [],
      icePolicy: env.LIFELINE_ICE_POLICY ?? 'all',
      ttlSeconds: env.LIFELINE_TURN_TTL ? Number(env.LIFELINE_TURN_TTL) : undefined,
    },
  });
}
