// The reference server's HTTP side: static folders without a way out of them, and answers
// (not crashes) for broken requests.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startSignalingServer } from '../../build/server/signaling-server.js';

let server;
before(async () => {
  const demo = fileURLToPath(new URL('../../demo', import.meta.url));
  server = await startSignalingServer({ port: 0, host: '127.0.0.1', staticRoots: [{ prefix: '/', dir: demo }], log: () => {} });
});
after(() => server.close());

/** A raw GET, so paths like `/../x` reach the server as written instead of being normalised. */
function get(path) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('serves the demo page and its script with their types', async () => {
  const page = await get('/');
  assert.equal(page.status, 200);
  assert.match(page.type, /text\/html/);
  assert.match(page.body, /<video-call/);
  assert.match((await get('/call-page.js')).type, /text\/javascript/);
});

test('never serves a file outside its folder', async () => {
  for (const path of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/%2e%2e%2f%2e%2e%2fetc/passwd']) {
    assert.equal((await get(path)).status, 404, path);
  }
});

test('answers a malformed URL with 400 and keeps serving', async () => {
  assert.equal((await get('/%E0%A4%A')).status, 400);
  assert.equal((await get('/')).status, 200);
});

test('refuses what the LEAVE beacon endpoint does not take', async () => {
  assert.equal((await get('/lifeline/leave')).status, 405);
});

/** The headers of a static answer, as a browser gets them. */
async function headersOf(target, path) {
  const response = await fetch(`${target.url}${path}`);
  await response.arrayBuffer();
  return response.headers;
}

test('every static answer forbids sniffing, framing by other sites and leaking the address', async () => {
  for (const path of ['/', '/call-page.js', '/%E0%A4%A']) {
    const headers = await headersOf(server, path);
    assert.equal(headers.get('x-content-type-options'), 'nosniff', path);
    assert.equal(headers.get('content-security-policy'), "frame-ancestors 'none'", path);
    assert.equal(headers.get('x-frame-options'), 'DENY', path);
    assert.equal(headers.get('referrer-policy'), 'no-referrer', path);
  }
});

test('securityHeaders lets named sites frame the call page, and checks what it is given', async () => {
  const demo = fileURLToPath(new URL('../../demo', import.meta.url));
  const start = (securityHeaders) =>
    startSignalingServer({ port: 0, host: '127.0.0.1', staticRoots: [{ prefix: '/', dir: demo }], log: () => {}, securityHeaders });
  const embeddable = await start({ frameAncestors: ["'self'", 'https://crm.example.com'], referrerPolicy: 'same-origin' });
  try {
    const headers = await headersOf(embeddable, '/');
    assert.equal(headers.get('content-security-policy'), "frame-ancestors 'self' https://crm.example.com");
    assert.equal(headers.get('x-frame-options'), null, 'X-Frame-Options cannot name another site, so it is left to the CSP');
    assert.equal(headers.get('referrer-policy'), 'same-origin');
  } finally {
    await embeddable.close();
  }
  for (const frameAncestors of [['https://crm.example.com; script-src *'], ['crm example'], ['*'], 'https://crm.example.com']) {
    await assert.rejects(start({ frameAncestors }), /securityHeaders\.frameAncestors/, String(frameAncestors));
  }
  await assert.rejects(start({ referrerPolicy: 'sometimes' }), /securityHeaders\.referrerPolicy/);
});
