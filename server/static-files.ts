import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

/** A URL prefix served from a folder: `{ prefix: '/dist/', dir: '/abs/dist' }`. */
export interface StaticRoot {
  prefix: string;
  dir: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** What the served pages tell the browser about how they may be used. */
export interface SecurityHeaderOptions {
  /**
   * Sites allowed to frame the pages, as CSP sources (`'self'`, `https://crm.example.com`,
   * `https://*.example.com`); none by default, so no other site can overlay a call page.
   */
  frameAncestors?: string[];
  /** `referrer-policy`: what a page's links and requests reveal of its address (the room is in it). */
  referrerPolicy?: string;
}

export const DEFAULT_SECURITY_HEADERS: Readonly<Required<SecurityHeaderOptions>> = Object.freeze({ frameAncestors: [], referrerPolicy: 'no-referrer' });

/** A scheme with a host (a `*.` prefix allowed) and a port, or `'self'`: never `*`, a space or a `;` that would end the directive. */
const FRAME_ANCESTOR = /^('self'|https?:\/\/(\*\.)?[a-z0-9.-]+(:\d{1,5})?)$/i;
const REFERRER_POLICIES = new Set([
  'no-referrer',
  'no-referrer-when-downgrade',
  'origin',
  'origin-when-cross-origin',
  'same-origin',
  'strict-origin',
  'strict-origin-when-cross-origin',
]);

/**
 * The headers of every static answer. The CSP holds `frame-ancestors` only: the pages' own
 * policies (demo/themed.html has one) are theirs to set, and a second one here would narrow them.
 */
export function securityHeaders(options: SecurityHeaderOptions = {}): Record<string, string> {
  const { frameAncestors, referrerPolicy } = { ...DEFAULT_SECURITY_HEADERS, ...options };
  if (!Array.isArray(frameAncestors) || !frameAncestors.every((source) => typeof source === 'string' && FRAME_ANCESTOR.test(source))) {
    throw new Error(`Reference server: securityHeaders.frameAncestors must be a list of origins or 'self', not ${JSON.stringify(frameAncestors)}.`);
  }
  if (!REFERRER_POLICIES.has(referrerPolicy))
    throw new Error(`Reference server: securityHeaders.referrerPolicy is not a referrer policy: ${JSON.stringify(referrerPolicy)}.`);
  return {
    'x-content-type-options': 'nosniff',
    'content-security-policy': `frame-ancestors ${frameAncestors.length ? frameAncestors.join(' ') : "'none'"}`,
    // For browsers without frame-ancestors; it cannot name other sites, so it is only sent to deny all.
    ...(frameAncestors.length ? {} : { 'x-frame-options': 'DENY' }),
    'referrer-policy': referrerPolicy,
  };
}

/** Serves GET/HEAD requests from the first root whose prefix matches; false if none did. */
export async function serveStatic(roots: StaticRoot[], req: IncomingMessage, res: ServerResponse, headers = securityHeaders()): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    res.writeHead(400, { ...headers, 'content-type': 'text/plain' }).end('Bad request');
    return true;
  }
  for (const root of roots) {
    if (!pathname.startsWith(root.prefix)) continue;
    let relative = pathname.slice(root.prefix.length);
    if (relative === '' || relative.endsWith('/')) relative += 'index.html';
    const file = normalize(join(root.dir, relative));
    if (!file.startsWith(normalize(root.dir + sep))) continue; // no way out of the folder
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) continue;
    res.writeHead(200, {
      ...headers,
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': info.size,
      'cache-control': 'no-cache',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
    return true;
  }
  return false;
}
