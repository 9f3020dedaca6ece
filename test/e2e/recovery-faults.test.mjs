// Calls that survive real network faults: two browsers in their own network namespaces, the
// reference server in a third, faults as iptables rules on host A (the caller). Every scenario
// is bounded in time and closes its rig (namespaces, rules, browsers) even when it fails.
// Time limits here are generous on purpose (shared, noisy machines); `npm run bench` measures
// the tight targets. Needs root; skips with the reason otherwise.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { whyNoNetns } from './fault-rig/netns.mjs';
import { eventsOf, runOutage, stepsOf, waitMonitored, withRig, worst } from './fault-rig/outage.mjs';

const skip = whyNoNetns() ?? false;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Both sides back in the call: connected, one tile, the same peer, bytes arriving. */
async function assertBackInCall(rig) {
  await rig.waitConnected({ timeoutMs: 15_000 });
  assert.deepEqual(await rig.a.evaluate('rig.roster()'), ['host-b']);
  assert.deepEqual(await rig.b.evaluate('rig.roster()'), ['host-a']);
}

const report = (name, outage) =>
  console.log(
    `# ${name}: detected ${JSON.stringify(outage.detectedMs)} ms; after the lift, bytes back ${JSON.stringify(outage.resumedMs)} ms, frames shown ${JSON.stringify(outage.shownMs)} ms`,
  );

for (const browser of ['chromium', 'firefox']) {
  test(`1. ${browser}: a 10 s media blackhole is noticed, ICE is restarted, and media comes back`, { skip, timeout: 120_000 }, async () => {
    await withRig({ browsers: [browser, browser] }, async (rig) => {
      const outage = await runOutage(rig, { kind: 'media', durationMs: 10_000 });
      report(`media blackhole (${browser})`, outage);
      assert.ok(worst(outage.detectedMs) !== null && worst(outage.detectedMs) < 8_000, `both sides reconnecting soon: ${JSON.stringify(outage.detectedMs)}`);
      assert.ok(
        stepsOf(outage.timelines.a).some((s) => s.startsWith('ice-restart')),
        `the caller restarted ICE: ${stepsOf(outage.timelines.a)}`,
      );
      assert.ok(worst(outage.resumedMs) !== null && worst(outage.resumedMs) < 10_000, `media back: ${JSON.stringify(outage.resumedMs)}`);
      assert.ok(worst(outage.shownMs) !== null && worst(outage.shownMs) < 10_000, `frames shown again: ${JSON.stringify(outage.shownMs)}`);
      await assertBackInCall(rig);
    });
  });
}

test(
  '2. chromium: a 10 s signaling cut restarts nothing, media never stops, and the socket recovers without a new JOIN',
  { skip, timeout: 120_000 },
  async () => {
    await withRig({ browsers: ['chromium', 'chromium'] }, async (rig) => {
      await waitMonitored(rig);
      const fault = await rig.fault('a', 'signaling');
      await sleep(10_000);
      const liftedAt = await fault.lift();
      const back = "rig.timeline.some((e) => e.event === 'transport-status' && e.data.status === 'connected')";
      await rig.a.waitFor(back, { timeoutMs: 15_000 });
      await sleep(2_000);
      for (const host of [rig.a, rig.b]) {
        const timeline = await host.timeline();
        const since = { from: fault.at };
        assert.deepEqual(
          stepsOf(timeline, since).filter((s) => !/^(suspect|healthy):/.test(s)),
          [],
          `host ${host.id}: no restart or wait`,
        );
        assert.deepEqual(eventsOf(timeline, 'state', since), [], `host ${host.id}: state unchanged`);
        assert.deepEqual(eventsOf(timeline, 'participant-left', since), []);
        assert.deepEqual(eventsOf(timeline, 'participant-joined', since), []);
        const flow = await host.flow();
        assert.deepEqual(
          flow.gaps.filter((g) => g.resumedAt > fault.at && g.stoppedAt < liftedAt + 2_000 && g.resumedAt - g.stoppedAt > 1_000),
          [],
          `host ${host.id}: media never stopped`,
        );
      }
      const statuses = eventsOf(await rig.a.timeline(), 'transport-status', { from: fault.at }).map(
        (e) => `${e.data.status}${e.data.recovered ? ' (recovered)' : ''}`,
      );
      assert.deepEqual(statuses, ['reconnecting', 'connected (recovered)']);
      // The server saw host A come back on its old session, not a new JOIN.
      const joins = rig.server.log.filter((line) => /\bjoin room=\S+ participant=host-a /.test(line));
      assert.deepEqual(
        joins.map((line) => line.match(/recovered=(\w+)/)[1]),
        ['false', 'true'],
      );
      await assertBackInCall(rig);
    });
  },
);

for (const browser of ['chromium', 'firefox']) {
  test(`3. ${browser}: everything cut for 25 s, both sides wait reconnecting, then recover with the same identities`, { skip, timeout: 150_000 }, async () => {
    await withRig({ browsers: [browser, browser] }, async (rig) => {
      const outage = await runOutage(rig, { kind: 'all', durationMs: 25_000 });
      report(`all cut 25 s (${browser})`, outage);
      assert.ok(outage.detectedMs.a !== null && outage.detectedMs.b !== null, `both sides showed reconnecting: ${JSON.stringify(outage.detectedMs)}`);
      assert.ok(
        stepsOf(outage.timelines.b).some((s) => s.startsWith('waiting-for-network')),
        `B waited: ${stepsOf(outage.timelines.b)}`,
      );
      assert.ok(worst(outage.resumedMs) !== null && worst(outage.resumedMs) < 10_000, `media back: ${JSON.stringify(outage.resumedMs)}`);
      assert.ok(worst(outage.shownMs) !== null && worst(outage.shownMs) < 10_000, `frames shown again: ${JSON.stringify(outage.shownMs)}`);
      await assertBackInCall(rig);
      for (const [id, timeline] of Object.entries(outage.timelines)) {
        assert.deepEqual(eventsOf(timeline, 'participant-left', { from: outage.faultAt }), [], `host ${id}: nobody left`);
        assert.deepEqual(eventsOf(timeline, 'call-ended', { from: outage.faultAt }), [], `host ${id}: no call ended`);
      }
      assert.equal(await rig.a.evaluate('rig.tiles()'), 1);
      assert.equal(await rig.b.evaluate('rig.tiles()'), 1);
    });
  });
}

test('4. chromium: everything cut for longer than the give-up time, both sides end once with the reason', { skip, timeout: 120_000 }, async () => {
  const recovery = { networkGiveUpMs: 10_000, giveUpMs: 10_000, calleeGiveUpMs: 14_000 };
  await withRig({ browsers: ['chromium', 'chromium'], recovery }, async (rig) => {
    await waitMonitored(rig);
    const fault = await rig.fault('a', 'all');
    await rig.a.waitFor('rig.state() === "ended"', { timeoutMs: 30_000 });
    await rig.b.waitFor(`rig.timeline.some((e) => e.event === 'call-ended')`, { timeoutMs: 30_000 });
    await fault.lift();
    await sleep(3_000);
    const a = await rig.a.timeline();
    const b = await rig.b.timeline();
    assert.deepEqual(
      stepsOf(a).filter((s) => s.startsWith('ended')),
      ['ended:network-lost'],
    );
    const lost = eventsOf(a, 'error', { where: (e) => e.code === 'connection_lost' });
    assert.equal(lost.length, 1);
    assert.match(lost[0].data.message, /check your internet connection/);
    assert.deepEqual(
      stepsOf(b).filter((s) => s.startsWith('ended')),
      ['ended:peer-lost'],
    );
    assert.deepEqual(
      eventsOf(b, 'call-ended').map((e) => e.data.reason),
      ['lost'],
    );
    assert.equal(await rig.a.evaluate('rig.state()'), 'ended');
    // The banner says it in words.
    assert.match(await rig.b.evaluate(`rig.element.shadowRoot.querySelector('[part~="recovery-message"]').textContent`), /connection was lost/);
  });
});

test('5. chromium: 30 % random loss for 20 s keeps the call up, the quality drops, then recovers', { skip, timeout: 120_000 }, async () => {
  await withRig({ browsers: ['chromium', 'chromium'] }, async (rig) => {
    await waitMonitored(rig);
    const fault = await rig.fault('a', { loss: 0.3 });
    await sleep(20_000);
    const liftedAt = await fault.lift();
    const good = `rig.timeline.some((e) => e.event === 'quality' && e.data.level === 'good' && e.at > ${liftedAt})`;
    await Promise.all([rig.a.waitFor(good, { timeoutMs: 20_000 }), rig.b.waitFor(good, { timeoutMs: 20_000 })]);
    for (const host of [rig.a, rig.b]) {
      const timeline = await host.timeline();
      const during = eventsOf(timeline, 'quality', { from: fault.at, to: liftedAt }).map((e) => e.data.level);
      assert.ok(during.includes('poor'), `host ${host.id}: quality dropped to poor: ${during}`);
      assert.deepEqual(
        stepsOf(timeline, { from: fault.at }).filter((s) => /^(full-restart|ended)/.test(s)),
        [],
        `host ${host.id}: no rebuild, no end`,
      );
      assert.deepEqual(eventsOf(timeline, 'call-ended'), []);
    }
    await assertBackInCall(rig);
  });
});

test("6. chromium: the caller's browser dies without LEAVE, the callee notices and ends as the policy says", { skip, timeout: 120_000 }, async () => {
  await withRig({ browsers: ['chromium', 'chromium'], recovery: { calleeGiveUpMs: 10_000 } }, async (rig) => {
    await waitMonitored(rig);
    const crashedAt = Date.now();
    await rig.a.crash().catch(() => {});
    await rig.b.waitFor(`rig.timeline.some((e) => e.event === 'call-ended')`, { timeoutMs: 40_000 });
    const b = await rig.b.timeline();
    const steps = stepsOf(b, { from: crashedAt });
    assert.ok(
      steps.some((s) => /^(degraded|waiting-for-network)/.test(s)),
      `B noticed: ${steps}`,
    );
    assert.deepEqual(steps.filter((s) => s.startsWith('ended')).length, 1, `B ended once: ${steps}`);
    assert.deepEqual(
      eventsOf(b, 'call-ended').map((e) => e.data.reason),
      ['lost'],
    );
    const endedAt = eventsOf(b, 'call-ended')[0].at;
    assert.ok(endedAt - crashedAt >= 10_000 && endedAt - crashedAt < 30_000, `ended ${endedAt - crashedAt} ms after the crash`);
    assert.equal(await rig.b.evaluate('rig.state()'), 'waiting');
  });
});

test(
  '7. chromium: a relay-only call through coturn outlives its 6 s credentials, and after a 10 s media blackhole ICE restarts through the relay with fresh ones',
  { skip, timeout: 150_000 },
  async () => {
    await withRig({ browsers: ['chromium', 'chromium'], turn: { ttlSeconds: 6 } }, async (rig) => {
      await waitMonitored(rig);
      assert.deepEqual(await rig.a.evaluate('rig.carriedBy()'), { 'host-b': 'relay' });
      // Longer than the first credentials live: the call carries on, with refreshed ones in hand.
      await sleep(7_000);
      assert.equal(await rig.a.evaluate('rig.flowing()'), true, 'media still flowing past the first credentials’ expiry');
      const outage = await runOutage(rig, { kind: 'media', durationMs: 10_000 });
      report('media blackhole through TURN (chromium)', outage);
      assert.ok(worst(outage.detectedMs) !== null && worst(outage.detectedMs) < 8_000, `both sides reconnecting soon: ${JSON.stringify(outage.detectedMs)}`);
      assert.ok(
        stepsOf(outage.timelines.a).some((s) => s.startsWith('ice-restart')),
        `the caller restarted ICE: ${stepsOf(outage.timelines.a)}`,
      );
      assert.ok(worst(outage.resumedMs) !== null && worst(outage.resumedMs) < 10_000, `media back: ${JSON.stringify(outage.resumedMs)}`);
      assert.ok(worst(outage.shownMs) !== null && worst(outage.shownMs) < 10_000, `frames shown again: ${JSON.stringify(outage.shownMs)}`);
      await assertBackInCall(rig);
      assert.deepEqual(await rig.a.evaluate('rig.carriedBy()'), { 'host-b': 'relay' });
      assert.deepEqual(await rig.b.evaluate('rig.carriedBy()'), { 'host-a': 'relay' });
      // Credentials kept fresh through the outage (on the timer and before each restart); nothing refused.
      const a = outage.timelines.a;
      assert.ok(eventsOf(a, 'ice-config', { from: outage.faultAt }).length >= 1, 'credentials refreshed during the outage');
      for (const timeline of [a, outage.timelines.b]) assert.deepEqual(eventsOf(timeline, 'error'), [], 'no error reported');
    });
  },
);
