// The fault rig's orchestrator: builds the namespaces, starts the reference server in the hub
// and one browser host per test host, joins B then A (so A, the later joiner, is the caller),
// and applies faults. Every wait is bounded; `close()` undoes everything and also runs when the
// process exits. Needs root and `npm run build` (build/ and dist/). See README.md beside this file.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { applyFault } from './faults.mjs';
import { startCoturn } from '../../helpers/coturn.mjs';
import { createTopology, HOST_ADDRESSES, HOST_VETH, HUB_ADDRESS, IP, inNetns, sweepLeftovers, whyNoNetns } from './netns.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
let rigCount = 0;

/** Rejects after `ms` with `what` in the message, so no wait in the rig is unbounded. */
export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @param {object} [options]
 * @param {('chromium'|'firefox')[]} [options.browsers] browsers of host A and host B
 * @param {object} [options.serverOptions] SignalingServerOptions (recoveryWindowMs defaults to 120000)
 * @param {object} [options.recovery] the engines' `recovery` option (Partial<RecoveryPolicy>)
 * @param {boolean} [options.join] join B, then A (default true); false leaves it to the caller
 * @param {{ ttlSeconds?: number }} [options.turn] real coturn in the hub, and both engines on a
 *   relay-only ICE config with short-lived credentials from the server's /lifeline/ice-config
 * @param {(line: string) => void} [options.log] every server and agent line; kept in `rig.logs` too
 */
export async function startRig({ browsers = ['chromium', 'chromium'], serverOptions = {}, recovery, join = true, turn, log } = {}) {
  const why = whyNoNetns();
  if (why) throw new Error(why);
  for (const built of ['../../../build/server/signaling-server.js', '../../../dist/lifeline.min.js']) {
    if (!existsSync(here(built))) throw new Error(`${built.slice(9)} is missing: run \`npm run build\` first`);
  }
  await sweepLeftovers();
  const logs = [];
  const say = (line) => {
    logs.push(line);
    log?.(line);
  };
  const topology = await createTopology(['a', 'b']);
  const children = [];
  const faults = new Set();
  let closed = false;
  let coturn = null;

  const killAll = () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    topology.destroy(); // kills whatever still runs in the namespaces (browsers), deletes them
  };
  // Last resort when the test process ends without close(): 'exit' only allows sync work.
  const onExit = () => killAll();
  const onSignal = (signal) => {
    killAll();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.on('exit', onExit);
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);

  const close = async () => {
    if (closed) return;
    closed = true;
    await Promise.allSettled([...faults].map((fault) => withTimeout(fault.lift(), 10_000, 'lift')));
    await Promise.allSettled(hosts.map((host) => host.close()));
    await coturn?.stop();
    killAll();
    process.off('exit', onExit).off('SIGINT', onSignal).off('SIGTERM', onSignal);
  };

  const hosts = [];
  try {
    if (turn) {
      coturn = await startCoturn({
        host: HUB_ADDRESS,
        wrap: [IP, 'netns', 'exec', topology.hub],
        isListening: async (port) => (await inNetns(topology.hub, 'ss', '-Hltn', `sport = :${port}`)).trim() !== '',
      });
      const relay = { icePolicy: 'relay', turn: [{ urls: [coturn.urls.udp], secret: coturn.secret }], ttlSeconds: turn.ttlSeconds };
      serverOptions = { ...serverOptions, iceConfig: { default: relay } };
    }
    const server = await startServer(topology.hub, serverOptions, children, say);
    const room = `rig-${process.pid}-${rigCount++}`;
    const starts = ['a', 'b'].map((id, i) =>
      startHost({
        id,
        ns: topology.hosts[id],
        browser: browsers[i] ?? 'chromium',
        children,
        say,
        query: { signaling: server.url, room, id: `host-${id}`, name: id.toUpperCase(), recovery, ice: turn ? '/lifeline/ice-config' : undefined },
      }),
    );
    const settled = await Promise.allSettled(starts);
    for (const s of settled) if (s.status === 'fulfilled') hosts.push(s.value);
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    const [a, b] = hosts;

    const rig = {
      a,
      b,
      server,
      room,
      logs,
      namespaces: { hub: topology.hub, ...topology.hosts },
      /** Applies a fault on host 'a' or 'b'; resolves to { kind, at, lift(): Promise<liftedAt> }. */
      async fault(host, kind) {
        const target = { a, b }[host] ?? host;
        const peers = [
          { ns: topology.hub, interface: 'br0', isHub: true },
          ...hosts.filter((h) => h !== target).map((h) => ({ ns: h.ns, interface: HOST_VETH })),
        ];
        const fault = await applyFault({ ns: target.ns, address: HOST_ADDRESSES[target.id] }, peers, kind);
        faults.add(fault);
        say(`${fault.at} fault on ${target.id}: ${JSON.stringify(kind)}`);
        const lift = () => fault.lift().then((at) => (faults.delete(fault), say(`${at} lifted on ${target.id}: ${JSON.stringify(kind)}`), at));
        return { ...fault, lift };
      },
      /** Both elements `connected`, one remote tile each, and bytes arriving on both sides. */
      async waitConnected({ timeoutMs = 30_000 } = {}) {
        const ready = 'rig.state() === "connected" && rig.tiles() === 1 && rig.flowing()';
        await Promise.all([a.waitFor(ready, { timeoutMs }), b.waitFor(ready, { timeoutMs })]);
      },
      close,
    };
    if (join) {
      await joinHost(b);
      await b.waitFor('rig.state() === "waiting"', { timeoutMs: 20_000 });
      await joinHost(a);
    }
    return rig;
  } catch (error) {
    await close();
    throw error;
  }
}

async function joinHost(host) {
  const result = await host.evaluate('rig.join()', { timeoutMs: 30_000 });
  if (!result.ok) throw new Error(`host ${host.id} could not join: ${JSON.stringify(result.error)}`);
}

/**
 * A rig someone forgot to close must not keep the test process alive forever: its children do
 * not hold the event loop (every wait of the rig holds a timer instead), and the 'exit' hook
 * then tears everything down.
 */
function unref(child) {
  child.unref();
  child.channel?.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) stream?.unref?.();
}

/** The reference server in the hub; its first stdout line is `{"port":N}`. */
async function startServer(hub, serverOptions, children, say) {
  const options = { host: HUB_ADDRESS, recoveryWindowMs: 120_000, ...serverOptions };
  const child = spawn(IP, ['netns', 'exec', hub, process.execPath, here('./server-host.mjs'), JSON.stringify(options)], { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  unref(child);
  const log = [];
  const lines = createInterface({ input: child.stdout });
  createInterface({ input: child.stderr }).on('line', (line) => say(`[server stderr] ${line}`));
  const port = await withTimeout(
    new Promise((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the rig server exited with ${code}`)));
      lines.once('line', (line) => resolve(JSON.parse(line).port));
    }),
    15_000,
    'the rig server start',
  );
  lines.on('line', (line) => (log.push(line), say(`[server] ${line}`)));
  return { url: `http://${HUB_ADDRESS}:${port}`, port, log };
}

/** One browser host; resolves once its page is up. */
async function startHost({ id, ns, browser, query, children, say }) {
  const config = JSON.stringify({ browser, query });
  const child = spawn(IP, ['netns', 'exec', ns, process.execPath, here('./browser-host.mjs'), config], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  children.push(child);
  unref(child);
  for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream }).on('line', (line) => say(`[${id}] ${line}`));
  const pending = new Map();
  let nextId = 0;
  child.on('message', (message) => {
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.ok) waiter.resolve(message.value);
    else waiter.reject(new Error(`host ${id}: ${message.error}`));
  });
  child.once('exit', (code, signal) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`host ${id}'s agent exited (${code ?? signal})`));
    pending.clear();
  });

  await withTimeout(
    new Promise((resolve, reject) => {
      child.on('message', (m) => (m.op === 'ready' ? resolve() : m.op === 'failed' && reject(new Error(`host ${id} (${browser}): ${m.error}`))));
      child.once('exit', (code) => reject(new Error(`host ${id}'s agent exited with ${code} before its page was up`)));
    }),
    60_000,
    `host ${id} (${browser}) start`,
  );

  const request = (op, body = {}, timeoutMs = 15_000) => {
    if (!child.connected) return Promise.reject(new Error(`host ${id}'s agent is gone`));
    const requestId = nextId++;
    const answer = new Promise((resolve, reject) => pending.set(requestId, { resolve, reject }));
    child.send({ id: requestId, op, ...body });
    return withTimeout(answer, timeoutMs, `host ${id} ${op}`).finally(() => pending.delete(requestId));
  };

  const host = {
    id,
    ns,
    browser,
    participantId: query.id,
    /** Evaluates a JS expression in the page (promises are awaited); resolves to its JSON value. */
    evaluate: (source, { timeoutMs = 15_000 } = {}) => request('evaluate', { source }, timeoutMs),
    /** Polls a predicate expression until it is truthy; resolves to that value, rejects at `timeoutMs`. */
    async waitFor(source, { timeoutMs = 20_000, intervalMs = 100 } = {}) {
      const deadline = Date.now() + timeoutMs;
      let last;
      while (Date.now() < deadline) {
        if (!child.connected) throw new Error(`host ${id}: the agent is gone while waiting for \`${source}\``);
        // A failed evaluation (a navigation, a slow page) counts as "not yet", not as the end.
        last = await request('evaluate', { source }, Math.max(1_000, deadline - Date.now())).catch((error) => ({ error: error.message }));
        if (last && !last.error) return last;
        await sleep(intervalMs);
      }
      throw new Error(`host ${id}: \`${source}\` not true within ${timeoutMs} ms (last: ${JSON.stringify(last)})`);
    },
    /** Every recorded event: { at, event, data }. */
    timeline: () => request('evaluate', { source: 'rig.timeline' }),
    /** { lastGrewAt, gaps: [{ stoppedAt, resumedAt }] } of inbound media bytes. */
    flow: () => request('evaluate', { source: 'rig.flow' }),
    frames: () => request('evaluate', { source: 'rig.frames' }),
    /** Kills the browser outright: no LEAVE, no pagehide, sockets just go silent. */
    crash: () => request('crash'),
    async close() {
      await request('close', {}, 8_000).catch(() => {});
      if (child.connected) child.disconnect();
    },
  };
  return host;
}
