// Talks to a running reference server's recording sink over HTTP, as an uploader would: for the
// Node tests of the sink, its limits and its webhook.
import assert from 'node:assert/strict';
import { createServer, request } from 'node:http';

const bearer = (recording) => ({ authorization: `Bearer ${recording.token}` });

/** `server()` answers the server to talk to now (`{ port, url }`), so a test may restart it. */
export function sinkClient(server) {
  /** A raw request, so paths like `/../x` reach the server as written instead of being normalised. */
  function send(method, path, { headers = {}, body, pieces } = {}) {
    return new Promise((resolve, reject) => {
      let answered = false;
      const req = request({ host: '127.0.0.1', port: server().port, path, method, headers }, (res) => {
        answered = true;
        const parts = [];
        res.on('data', (part) => parts.push(part));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(parts).toString() }));
      });
      // A server that refuses a body mid-stream closes the connection; its answer still counts.
      req.on('error', (error) => answered || reject(error));
      for (const piece of pieces ?? []) req.write(piece);
      req.end(body);
    });
  }

  async function startRecording(body = { participants: ['ada', 'bob'], meta: { interview: 'i-42' } }, headers = {}) {
    const response = await fetch(`${server().url}/lifeline/recordings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    assert.equal(response.status, 201);
    return response.json();
  }

  const base = (recording) => `/lifeline/recordings/${recording.recordingId}`;
  const chunkPath = (recording, track, kind, seq) => `${base(recording)}/chunks/${track}/${kind}/${seq}`;

  function putChunk(recording, track, kind, seq, body, headers = {}) {
    return send('PUT', chunkPath(recording, track, kind, seq), {
      headers: {
        ...bearer(recording),
        'content-type': 'video/webm;codecs=vp8',
        'x-lifeline-started-at': '1700000000000',
        'x-lifeline-duration-ms': '30000',
        ...headers,
      },
      body,
    });
  }

  /** The finalize answer: `{ status, manifest }`. */
  async function finalize(recording) {
    const response = await fetch(`${server().url}${base(recording)}/finalize`, { method: 'POST', headers: bearer(recording) });
    return { status: response.status, manifest: await response.json() };
  }

  return { send, startRecording, putChunk, finalize, base, chunkPath, bearer };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for `check()` to hold, polling, or throws after `ms`. */
export async function until(check, ms = 3000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms`);
    await sleep(20);
  }
}

/** A webhook receiver on 127.0.0.1 that keeps each delivery (`{ headers, body }`) and answers 204, or 500 while `failNext` is above 0. */
export async function startWebhookReceiver() {
  const deliveries = [];
  const receiver = { deliveries, failNext: 0, url: '', close: () => new Promise((resolve) => server.close(resolve)) };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (part) => (body += part));
    req.on('end', () => {
      deliveries.push({ headers: req.headers, body });
      res.writeHead(receiver.failNext-- > 0 ? 500 : 204).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${server.address().port}/hooks/lifeline`;
  return receiver;
}
