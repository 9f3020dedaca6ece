// The rig page: one CallEngine rendered by one <video-call>, configured from the query
// (signaling, room, id, name, recovery as JSON). It records what happens in `window.rig` for the
// agent to read: every engine event, when media bytes stop and start flowing again, and when the
// element's remote video stops and starts showing frames.
// It does not join by itself: the orchestrator calls `rig.join()` so it controls join order.
import { CallEngine } from '/dist/lifeline.min.js';

const query = new URLSearchParams(location.search);
const recovery = query.get('recovery') ? JSON.parse(query.get('recovery')) : undefined;
const options = { signalingUrl: query.get('signaling'), participantId: query.get('id'), displayName: query.get('name') ?? '' };
// Only when asked for, so the page also runs against engines that predate the option.
if (recovery) options.recovery = recovery;
// `ice`: the server's ICE config endpoint (relay-only through the hub's coturn).
if (query.get('ice')) options.iceConfigUrl = new URL(query.get('ice'), query.get('signaling')).href;

const engine = new CallEngine(options);
const element = document.getElementById('call');
element.engine = engine;

const timeline = [];
const record = (event, data) => timeline.push({ at: Date.now(), event, data });

// Errors and streams do not survive JSON; everything else the engine emits is plain data.
const plain = (value) => {
  if (value instanceof Error) {
    return { code: value.code ?? value.name, message: value.message };
  }
  if (typeof MediaStream !== 'undefined' && value instanceof MediaStream) return { streamId: value.id };
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
};

// Events with several arguments get named fields, so every `data` is one object.
const SHAPES = {
  state: (state, previous) => ({ state, previous }),
  'peer-state': (participantId, state) => ({ participantId, state }),
  'remote-stream-added': (participantId, stream) => ({ participantId, ...plain(stream) }),
  'remote-stream-removed': (participantId, stream) => ({ participantId, ...plain(stream) }),
};
const EVENTS = [
  'state',
  'recovery',
  'quality',
  'call-ended',
  'participant-joined',
  'participant-left',
  'transport-status',
  'peer-state',
  'remote-stream-added',
  'remote-stream-removed',
  'error',
  'ice-config',
];
for (const event of EVENTS) {
  // `recovery` and `quality` may not exist in this engine yet; subscribing to them is harmless.
  engine.on(event, (...args) => record(event, SHAPES[event] ? SHAPES[event](...args) : plain(args[0])));
}

// Media watcher: bytes received summed per connection object, since a full restart replaces
// the connection (and its counters start again at 0).
const STALL_MS = 300;
const lastBytes = new WeakMap();
const iceStates = new WeakMap();
const ufragPairs = new WeakMap();
const ufrag = (description) => /a=ice-ufrag:(\S+)/.exec(description?.sdp ?? '')?.[1] ?? null;
const flow = { lastGrewAt: null, gaps: [] };
let polling = false;

async function pollMedia() {
  if (polling) return; // Firefox's getStats can outlast one 100 ms tick
  polling = true;
  try {
    let grew = false;
    for (const [participantId, pc] of engine.peerConnections) {
      if (!lastBytes.has(pc)) record('rig:pc', { participantId, connectionState: pc.connectionState });
      if (iceStates.get(pc) !== pc.iceConnectionState) {
        iceStates.set(pc, pc.iceConnectionState);
        record('rig:ice', { participantId, iceConnectionState: pc.iceConnectionState });
      }
      // A changed ufrag on both sides is the proof that an ICE restart was negotiated.
      const ufrags = `${ufrag(pc.localDescription)}/${ufrag(pc.remoteDescription)}`;
      if (ufragPairs.get(pc) !== ufrags) {
        ufragPairs.set(pc, ufrags);
        record('rig:ufrag', { participantId, local: ufrag(pc.localDescription), remote: ufrag(pc.remoteDescription) });
      }
      let bytes = 0;
      (await pc.getStats()).forEach((s) => s.type === 'inbound-rtp' && (bytes += s.bytesReceived ?? 0));
      if (bytes > (lastBytes.get(pc) ?? 0)) grew = true;
      lastBytes.set(pc, bytes);
    }
    if (grew) {
      const now = Date.now();
      if (flow.lastGrewAt !== null && now - flow.lastGrewAt > STALL_MS) flow.gaps.push({ stoppedAt: flow.lastGrewAt, resumedAt: now });
      flow.lastGrewAt = now;
    }
  } catch (error) {
    record('rig:stats-error', plain(error));
  } finally {
    polling = false;
  }
}
setInterval(pollMedia, 100);

// Frame watcher: what a person sees. Every remote <video> the element renders is counted through
// requestVideoFrameCallback; a pause longer than STALL_MS between two frames shown is a gap.
const frames = { lastShownAt: null, gaps: [] };
const watchedVideos = new WeakSet();
function watchFrames() {
  for (const video of element.shadowRoot?.querySelectorAll('[part~="remote-video"]') ?? []) {
    if (watchedVideos.has(video)) continue;
    watchedVideos.add(video);
    const onFrame = () => {
      const now = Date.now();
      if (frames.lastShownAt !== null && now - frames.lastShownAt > STALL_MS) frames.gaps.push({ stoppedAt: frames.lastShownAt, resumedAt: now });
      frames.lastShownAt = now;
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  }
}
setInterval(watchFrames, 100);

/** Per remote participant: inbound and remote-inbound RTP figures by kind, and the active pair's RTT. */
async function rtp() {
  const out = {};
  for (const [participantId, pc] of engine.peerConnections) {
    const entry = { inbound: {}, remoteInbound: {}, pair: null };
    const report = await pc.getStats();
    report.forEach((s) => {
      if (s.type === 'inbound-rtp')
        entry.inbound[s.kind] = { packetsReceived: s.packetsReceived, packetsLost: s.packetsLost, bytesReceived: s.bytesReceived, jitter: s.jitter };
      if (s.type === 'remote-inbound-rtp')
        entry.remoteInbound[s.kind] = { fractionLost: s.fractionLost, roundTripTime: s.roundTripTime, packetsLost: s.packetsLost };
      if (s.type === 'candidate-pair' && (s.nominated || s.selected) && s.state === 'succeeded') {
        entry.pair = { currentRoundTripTime: s.currentRoundTripTime ?? null, availableOutgoingBitrate: s.availableOutgoingBitrate ?? null };
      }
    });
    out[participantId] = entry;
  }
  return out;
}

window.rig = {
  engine,
  element,
  timeline,
  flow,
  frames,
  /** Joins the room from the query; resolves to { ok } or { ok: false, error }, never throws. */
  join: () =>
    engine.join(query.get('room')).then(
      () => (record('rig:join', { ok: true }), { ok: true }),
      (error) => (record('rig:join', { ok: false, error: plain(error) }), { ok: false, error: plain(error) }),
    ),
  /** The element's reflected state attribute. */
  state: () => element.getAttribute('state'),
  /** Remote video tiles the element renders. */
  tiles: () => element.shadowRoot?.querySelectorAll('[part~="remote-video"]').length ?? 0,
  roster: () => engine.participants.map((p) => p.id),
  pcStates: () => Object.fromEntries([...engine.peerConnections].map(([id, pc]) => [id, pc.connectionState])),
  /** Whether inbound bytes grew within the last `withinMs`. */
  flowing: (withinMs = 500) => flow.lastGrewAt !== null && Date.now() - flow.lastGrewAt < withinMs,
  /** The candidate types of the pairs carrying each call now (`relay` through TURN). */
  carriedBy: async () => {
    const types = {};
    for (const [participantId, pc] of engine.peerConnections) {
      const stats = new Map();
      (await pc.getStats()).forEach((s) => stats.set(s.id, s));
      const transport = [...stats.values()].find((s) => s.type === 'transport' && s.selectedCandidatePairId);
      const pair = stats.get(transport?.selectedCandidatePairId) ?? [...stats.values()].find((s) => s.type === 'candidate-pair' && s.selected);
      types[participantId] = stats.get(pair?.localCandidateId)?.candidateType ?? null;
    }
    return types;
  },
  rtp,
};
record('rig:ready', { participantId: engine.participantId });
