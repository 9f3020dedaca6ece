// The HTTP endpoints that hand out something costly (TURN credentials, a new recording) are
// limited per client address, as a script hammering them would find.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startSignalingServer } from '../../build/server/signaling-server.js';

test('TURN credentials and recording starts are limited per address: past the minute, 429 with retry-after', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'lifeline-rate-'));
  const server = await startSignalingServer({
    port: 0,
    host: '127.0.0.1',
    log: () => {},
    iceConfig: { default: { turn: [{ urls: ['turn:turn.example.com:3478?transport=udp'], secret: 'a-secret-of-sixteen+' }] } },
    recordings: { folder },
    addressLimits: { iceConfigsPerMinute: 5, recordingsPerMinute: 2 },
  });
  try {
    const ice = () => fetch(`${server.url}/lifeline/ice-config?user=u`);
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await ice()).status);
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429]);
    const refused = await ice();
    assert.equal(refused.headers.get('retry-after'), '60');
    assert.deepEqual(await refused.json(), { error: 'rate_limited' });

    const start = () => fetch(`${server.url}/lifeline/recordings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const starts = [];
    for (let i = 0; i < 3; i++) starts.push((await start()).status);
    assert.deepEqual(starts, [201, 201, 429]);
  } finally {
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  }
});

test('by default an address gets 120 sets of TURN credentials a minute, not a thousand in seconds', async () => {
  const server = await startSignalingServer({
    port: 0,
    host: '127.0.0.1',
    log: () => {},
    iceConfig: { default: { turn: [{ urls: ['turn:turn.example.com:3478?transport=udp'], secret: 'a-secret-of-sixteen+' }] } },
  });
  try {
    const results = await Promise.all(Array.from({ length: 200 }, () => fetch(`${server.url}/lifeline/ice-config?user=u`).then((r) => r.status)));
    // 120 at once, and the two a second the minute refills while they are answered.
    const issued = results.filter((s) => s === 200).length;
    assert.ok(issued >= 120 && issued <= 130, `${issued} sets issued`);
    assert.equal(results.filter((s) => s === 429).length, 200 - issued);
  } finally {
    await server.close();
  }
});
