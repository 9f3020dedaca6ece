// Counts what a page holds open: peer connections, media tracks, WebSockets, audio contexts,
// workers, and the timers the SDK started. It wraps the constructors and functions that open
// them, so it must run before the SDK does anything: import it first in a test file (or load it
// first in a bench page). Plain JS, because the leak bench's page loads it as it is.
//
// It holds each open thing until it is seen closed, and lets go of it then, so it never keeps a
// closed connection alive and inflates the heap it is helping to measure.

/** What is open right now; see `census()`. */
const open = { peerConnections: new Set(), tracks: new Set(), sockets: new Set(), audioContexts: new Set(), workers: new Set() };
/** Timers pending or repeating that code matching `sdkFrames` started: id -> where. */
const timers = new Map();
/** Listeners the SDK added to what outlives every call (window, document, mediaDevices): key -> where. */
const globalListeners = new Map();
let sdkFrames = null;

const isOpen = {
  peerConnections: (pc) => pc.signalingState !== 'closed',
  tracks: (track) => track.readyState !== 'ended',
  sockets: (socket) => socket.readyState !== WebSocket.CLOSED,
  audioContexts: (context) => context.state !== 'closed',
  workers: (worker) => !terminated.has(worker),
};
const terminated = new WeakSet();

function startedBySdk() {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 40;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  // The first line is the message, the next two are this file.
  const frames = stack.split('\n').filter((line) => !line.includes('resource-census'));
  return frames.some((line) => sdkFrames.test(line)) ? frames.find((line) => sdkFrames.test(line)).trim() : null;
}

function wrapClass(name, onCreate) {
  const Native = globalThis[name];
  if (!Native) return;
  // A subclass keeps `instanceof`, statics (RTCPeerConnection.generateCertificate) and prototypes.
  const Wrapped = class extends Native {
    constructor(...args) {
      super(...args);
      onCreate(this);
    }
  };
  Object.defineProperty(Wrapped, 'name', { value: Native.name });
  globalThis[name] = Wrapped;
}

function recordTracks(stream) {
  for (const track of stream.getTracks()) open.tracks.add(track);
  return stream;
}

function wrapTimers() {
  for (const [set, repeats] of [
    ['setTimeout', false],
    ['setInterval', true],
  ]) {
    const native = globalThis[set].bind(globalThis);
    globalThis[set] = (handler, delay, ...args) => {
      const where = typeof handler === 'function' ? startedBySdk() : null;
      if (!where) return native(handler, delay, ...args);
      const id = native(
        (...a) => {
          if (!repeats) timers.delete(id);
          handler(...a);
        },
        delay,
        ...args,
      );
      timers.set(id, `${set}(${delay ?? 0}) ${where}`);
      return id;
    };
  }
  // clearTimeout and clearInterval clear either kind in every browser.
  for (const clear of ['clearTimeout', 'clearInterval']) {
    const native = globalThis[clear].bind(globalThis);
    globalThis[clear] = (id) => {
      timers.delete(id);
      native(id);
    };
  }
}

function wrapGlobalListeners() {
  const lasting = () => [window, document, navigator.mediaDevices];
  const keyOf = (target, type, listener, options) => {
    const capture = typeof options === 'boolean' ? options : Boolean(options?.capture);
    return [target, type, listener, capture];
  };
  // Keys by identity: a listener is one entry per (target, type, function, capture), as the DOM has it.
  const find = ([target, type, listener, capture]) =>
    [...globalListeners.keys()].find((k) => k[0] === target && k[1] === type && k[2] === listener && k[3] === capture);
  const { addEventListener, removeEventListener } = EventTarget.prototype;
  EventTarget.prototype.addEventListener = function (type, listener, options) {
    if (listener && lasting().includes(this) && !find(keyOf(this, type, listener, options))) {
      const where = startedBySdk();
      if (where) globalListeners.set(keyOf(this, type, listener, options), `${type} ${where}`);
    }
    return addEventListener.call(this, type, listener, options);
  };
  EventTarget.prototype.removeEventListener = function (type, listener, options) {
    const key = find(keyOf(this, type, listener, options));
    if (key) globalListeners.delete(key);
    return removeEventListener.call(this, type, listener, options);
  };
}

/**
 * Installs the census. `sdkFrames` matches a stack frame of the SDK's code (its files as this
 * page loads them, and its dependencies), so the test's own timers and the runner's do not count.
 */
export function installResourceCensus({ sdkFrames: frames }) {
  if (sdkFrames) return;
  sdkFrames = frames;
  wrapClass('RTCPeerConnection', (pc) => {
    open.peerConnections.add(pc);
    pc.addEventListener('track', (event) => open.tracks.add(event.track));
  });
  wrapClass('WebSocket', (socket) => open.sockets.add(socket));
  wrapClass('AudioContext', (context) => open.audioContexts.add(context));
  wrapClass('Worker', (worker) => open.workers.add(worker));
  const terminate = Worker.prototype.terminate;
  Worker.prototype.terminate = function () {
    terminated.add(this);
    return terminate.call(this);
  };
  const { getUserMedia, getDisplayMedia } = MediaDevices.prototype;
  MediaDevices.prototype.getUserMedia = function (...args) {
    return getUserMedia.apply(this, args).then(recordTracks);
  };
  if (getDisplayMedia)
    MediaDevices.prototype.getDisplayMedia = function (...args) {
      return getDisplayMedia.apply(this, args).then(recordTracks);
    };
  const clone = MediaStreamTrack.prototype.clone;
  MediaStreamTrack.prototype.clone = function () {
    const copy = clone.call(this);
    open.tracks.add(copy);
    return copy;
  };
  const captureStream = HTMLCanvasElement.prototype.captureStream;
  HTMLCanvasElement.prototype.captureStream = function (...args) {
    return recordTracks(captureStream.apply(this, args));
  };
  wrapTimers();
  wrapGlobalListeners();
}

/**
 * What is open now: `{ peerConnections, tracks, sockets, audioContexts, workers, timers,
 * globalListeners }` as counts, and `sources`, where each pending SDK timer or listener on
 * window, document or mediaDevices was started (to name a leak). The open things themselves
 * ride along, not enumerable (so a census prints and crosses to Node as counts), for
 * `censusBeyond`.
 */
export function census() {
  const held = {};
  for (const [kind, things] of Object.entries(open)) {
    for (const thing of things) if (!isOpen[kind](thing)) things.delete(thing);
    held[kind] = new Set(things);
  }
  held.timers = new Map(timers);
  held.globalListeners = new Map(globalListeners);
  const counts = Object.fromEntries(Object.entries(held).map(([kind, things]) => [kind, things.size]));
  const result = { ...counts, sources: [...timers.values(), ...globalListeners.values()] };
  return Object.defineProperty(result, 'held', { value: held, enumerable: false });
}

/**
 * What is open in `now` that was not open in `before` (both from `census()`), by identity: a
 * thing that closes meanwhile cannot hide a new one that stays open.
 */
export function censusBeyond(now, before) {
  const counts = {};
  const sources = [];
  for (const [kind, things] of Object.entries(now.held)) {
    const added = [...things.keys()].filter((thing) => !before.held[kind].has(thing));
    counts[kind] = added.length;
    if (things instanceof Map) sources.push(...added.map((key) => things.get(key)));
  }
  return { ...counts, sources };
}

/** True when `open` (from `censusBeyond`) holds nothing. */
export const nothingBeyond = (open) => Object.entries(open).every(([key, value]) => (key === 'sources' ? value.length === 0 : value === 0));
