import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RatePerAddress } from './address-limits.js';
import { DEV_TOKEN_PATH, handleDevToken } from './dev-tokens.js';
import { serveHealth } from './health.js';
import { issueIceConfig, orgSpec, turnUser } from './ice-config.js';
import { TokenError, type JoinClaims, type TokenErrorCode, type TokenVerifier } from './join-token.js';
import { logValue } from './log-value.js';
import { isRecordingsRequest, RECORDINGS_PATH, type RecordingSink } from './recording-sink.js';
import type { SignalingServerOptions } from './signaling-options.js';
import { serveStatic } from './static-files.js';

/** A LEAVE sent by `navigator.sendBeacon` from a closing tab, as it arrived (nothing in it checked yet). */
export type LeaveBeaconClaim = { room?: unknown; participantId?: unknown; instanceId?: unknown; leaveToken?: unknown };

/** What the HTTP side of a signaling server needs from the rest of it. */
export interface HttpRoutesContext {
  options: SignalingServerOptions;
  log: (line: string) => void;
  /** Ready for traffic: the shared store answers (and the host's own check, if any, passes). */
  ready: () => Promise<boolean>;
  draining: () => boolean;
  metrics: { serve(pathname: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> };
  recordings: RecordingSink | null;
  staticHeaders: Record<string, string>;
  /** The claims of a request's bearer token; null when the server takes no tokens. */
  bearerClaims: ((req: IncomingMessage) => Promise<JoinClaims | TokenErrorCode>) | null;
  rates: { iceConfig: RatePerAddress; recordingStart: RatePerAddress; addressOf: (req: IncomingMessage) => string };
  /** Ends the member a beacon names when its instance and leave token match; false when they do not. */
  leaveByBeacon: (claim: LeaveBeaconClaim) => Promise<boolean>;
}

/** The claims of the join token a request carries as `Authorization: Bearer`, or the refusal's code. */
export function bearerClaimsOf(verifyToken: TokenVerifier): (req: IncomingMessage) => Promise<JoinClaims | TokenErrorCode> {
  return async (req) => {
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    try {
      return await verifyToken(token);
    } catch (error) {
      return error instanceof TokenError ? error.code : 'token_invalid';
    }
  };
}

/**
 * The server's HTTP routes beside Socket.IO's: health and metrics, the ICE config, the page's
 * server info and dev tokens, the recording sink, leave beacons, then static files.
 */
export function createHttpRoutes(context: HttpRoutesContext): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { options, log, recordings, bearerClaims, rates } = context;

  /** Answers 429 when the address has spent its minute; true when it did. */
  const overRate = (rate: RatePerAddress, req: IncomingMessage, res: ServerResponse, what: string): boolean => {
    const address = rates.addressOf(req);
    if (rate.allow(address)) return false;
    log(`error ${what} refused from ${logValue(address)}: rate_limited`);
    res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '60' }).end(JSON.stringify({ error: 'rate_limited' }));
    return true;
  };

  function allowOrigin(req: IncomingMessage, res: ServerResponse): void {
    const origin = req.headers.origin;
    if (origin && (!options.corsOrigins || options.corsOrigins.includes(origin))) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'origin');
    }
  }

  /** The ICE config of the caller's organisation, with TURN credentials made for this request. */
  async function handleIceConfig(req: IncomingMessage, res: ServerResponse): Promise<void> {
    allowOrigin(req, res);
    // The SDK sends its join token in a header, which a cross-origin page must be allowed to.
    if (req.method === 'OPTIONS')
      return void res
        .writeHead(204, { 'access-control-allow-methods': 'GET', 'access-control-allow-headers': 'authorization', 'access-control-max-age': '600' })
        .end();
    if (req.method !== 'GET') return void res.writeHead(405).end();
    if (!options.iceConfig) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('No ICE config on this server');
    if (overRate(rates.iceConfig, req, res, 'ice-config')) return;
    const query = new URL(req.url ?? '/', 'http://x').searchParams;
    const org = query.get('org');
    // With tokens, credentials go only to a token holder, and the TURN user is the token's subject.
    const claims = bearerClaims ? await bearerClaims(req) : null;
    if (typeof claims === 'string') {
      log(`error ice-config refused: ${claims}`);
      return void res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' }).end(JSON.stringify({ error: claims }));
    }
    if (options.authorizeIceConfig && !(await options.authorizeIceConfig(req, org))) {
      log(`error ice-config refused org=${logValue(org)}`);
      return void res.writeHead(403).end();
    }
    const issued = issueIceConfig(orgSpec(options.iceConfig, org), turnUser(claims ? claims.sub : query.get('user')));
    // Credentials are made per request and must never be cached by a proxy or the browser.
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(issued));
  }

  async function handleRecordings(req: IncomingMessage, res: ServerResponse): Promise<void> {
    allowOrigin(req, res);
    // Starting a recording costs storage; each chunk after it needs that recording's token.
    const starting = req.method === 'POST' && new URL(req.url ?? '/', 'http://x').pathname === RECORDINGS_PATH;
    if (recordings && starting && overRate(rates.recordingStart, req, res, 'recording start')) return;
    if (recordings) return await recordings.handle(req, res);
    res.writeHead(404, { 'content-type': 'text/plain' }).end('No recording sink on this server');
  }

  /** `navigator.sendBeacon` LEAVE from a closing tab, authenticated by its leave token. */
  async function handleLeaveBeacon(req: IncomingMessage, res: ServerResponse): Promise<void> {
    allowOrigin(req, res);
    if (req.method !== 'POST') return void res.writeHead(405).end();
    let body = '';
    for await (const chunk of req) {
      body += chunk;
      if (body.length > 2048) return void res.writeHead(413).end();
    }
    let claim: LeaveBeaconClaim;
    try {
      claim = JSON.parse(body);
    } catch {
      return void res.writeHead(400).end();
    }
    if (!(await context.leaveByBeacon(claim))) {
      log(`error leave beacon refused room=${logValue(claim?.room)}`);
      return void res.writeHead(403).end();
    }
    res.writeHead(204).end();
  }

  return async function handleHttp(req, res) {
    try {
      const { pathname } = new URL(req.url ?? '/', 'http://x');
      if (pathname === '/lifeline/leave') return await handleLeaveBeacon(req, res);
      if (await serveHealth(pathname, req, res, { draining: context.draining, ready: context.ready, log })) return;
      if (await context.metrics.serve(pathname, req, res)) return;
      if (pathname === '/lifeline/ice-config') return await handleIceConfig(req, res);
      // What a page needs to know to join here: whether tokens are needed, and whether the demo may mint them.
      if (pathname === '/lifeline/server-info') {
        allowOrigin(req, res);
        return void res
          .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
          .end(JSON.stringify({ tokens: Boolean(options.tokens), devTokens: Boolean(options.devTokens) }));
      }
      if (pathname === DEV_TOKEN_PATH && options.devTokens && options.tokens?.secret) {
        allowOrigin(req, res);
        return await handleDevToken(req, res, options.tokens.secret);
      }
      if (isRecordingsRequest(req)) return await handleRecordings(req, res);
      if (await serveStatic(options.staticRoots ?? [], req, res, context.staticHeaders)) return;
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    } catch (error) {
      log(`error http ${logValue(req.method)} ${logValue(req.url)}: ${logValue(error)}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end('Server error');
    }
  };
}
