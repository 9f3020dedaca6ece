/** What web-test-runner.config.mjs tells the test page about the run. */
interface LifelineTestEnv {
  signalingUrl: string;
  /** A reference server with join tokens on; `devToken()` gets one from it. */
  tokenSignalingUrl: string;
  /** coturn on loopback; credentials come from the reference server's `/lifeline/ice-config`. */
  turn: {
    urls: { stun: string; udp: string; tcp: string; tls: string };
    /** A STUN server that answers as one behind a NAT would: browsers gather a srflx candidate with `mappedAddress`. */
    natStun: { url: string; mappedAddress: string };
    deadPort: number;
    expired: { username: string; credential: string };
  };
}

export const testEnv: LifelineTestEnv = (globalThis as unknown as { LIFELINE_TEST: LifelineTestEnv }).LIFELINE_TEST;

/**
 * The reference server's ICE config for one of the organisations web-test-runner.config.mjs
 * sets up: `default` (STUN, TURN udp and tcp), `relay-udp`, `relay-tcp`, `relay-tls`,
 * `short-lived` (credentials that expire in seconds) and `wrong-secret`.
 */
export function iceConfigUrl(org = 'default'): string {
  return `${testEnv.signalingUrl}/lifeline/ice-config?org=${org}`;
}

/** A room of its own for each test, so tests and browsers running at once never meet. */
export function uniqueRoom(prefix = 'test'): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 13)}`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

type Truthy<T> = Exclude<T, null | undefined | false | 0 | ''>;

/** Polls until `check` returns a truthy value, or fails with `what` after `timeoutMs`. */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 15_000, intervalMs = 50): Promise<Truthy<T>> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as Truthy<T>;
    if (performance.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** A join token signed by the token server's dev endpoint. */
export async function devToken(claims: {
  room: string;
  sub: string;
  name?: string;
  role?: 'host' | 'guest';
  record?: boolean;
  admit?: boolean;
  waitingRoom?: boolean;
  publish?: ('audio' | 'video' | 'screen')[];
  ttl?: number;
}): Promise<string> {
  const flag = (on: boolean | undefined, key: string) => (on ? { [key]: '1' } : {});
  const query = new URLSearchParams({
    room: claims.room,
    sub: claims.sub,
    name: claims.name ?? claims.sub,
    role: claims.role ?? 'guest',
    ttl: String(claims.ttl ?? 3600),
    ...flag(claims.record, 'record'),
    ...flag(claims.admit, 'admit'),
    ...flag(claims.waitingRoom, 'waitingRoom'),
    ...(claims.publish ? { publish: claims.publish.join(',') } : {}),
  });
  const response = await fetch(`${testEnv.tokenSignalingUrl}/lifeline/dev-token?${query}`);
  if (!response.ok) throw new Error(`dev-token answered ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}
