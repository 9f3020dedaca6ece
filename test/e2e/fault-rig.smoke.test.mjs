// The fault rig end to end: two Chromium hosts in their own network namespaces call each other
// through the reference server, and a short signaling cut on the caller leaves the call up.
// Needs root (namespaces, iptables) and `npm run build`; skips with the reason otherwise.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { whyNoNetns } from './fault-rig/netns.mjs';
import { startRig } from './fault-rig/rig.mjs';

const skip = whyNoNetns();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const rigs = [];
after(() => Promise.all(rigs.map((rig) => rig.close())));

/** Runs `body` with a fresh rig and always closes it; the rig's log is attached to a failure. */
async function withRig(options, body) {
  const rig = await startRig(options);
  rigs.push(rig);
  try {
    await body(rig);
  } catch (error) {
    error.message += `\n--- rig log (last 40 lines) ---\n${rig.logs.slice(-40).join('\n')}`;
    throw error;
  } finally {
    await rig.close();
  }
}

const snapshot = 'JSON.stringify({ state: rig.state(), tiles: rig.tiles(), pcs: rig.pcStates(), flowing: rig.flowing() })';

test('Chromium to Chromium across namespaces: connects, and survives a 3 s signaling cut on the caller', { skip: skip ?? false, timeout: 120_000 }, async () => {
  await withRig({ browsers: ['chromium', 'chromium'] }, async (rig) => {
    await rig.waitConnected({ timeoutMs: 30_000 });
    for (const host of [rig.a, rig.b]) assert.deepEqual(await host.evaluate('rig.roster()'), [host === rig.a ? 'host-b' : 'host-a']);

    const fault = await rig.fault('a', 'signaling');
    await sleep(3_000);
    await fault.lift();

    // Give a stalled socket's retransmissions a moment; then both sides must be in the call with media arriving.
    await sleep(1_000);
    await rig.waitConnected({ timeoutMs: 15_000 });
    for (const host of [rig.a, rig.b]) {
      const now = JSON.parse(await host.evaluate(snapshot));
      assert.equal(now.state, 'connected', `host ${host.id}: ${JSON.stringify(now)}`);
      assert.equal(now.flowing, true, `host ${host.id}: ${JSON.stringify(now)}`);
    }
  });
});
