// The child of bench/signaling-clients.mjs: many simulated participants in one process, whole
// rooms each (so every heartbeat's round trip starts and ends on this one clock), and what
// they measured, asked for over IPC.
import { answerParent } from './child-ipc.mjs';
import { eventLoopDelay, processCpuSample } from './cpu-sample.mjs';
import { ACK_TIMEOUT_MS, JOIN_TIMEOUT_MS, SimulatedParticipant } from './simulated-participant.mjs';

/** A heartbeat whose answer has not come by then is lost (the SDK's ack timeout, for one hop). */
const PONG_TIMEOUT_MS = ACK_TIMEOUT_MS;
/** Joins waiting for their welcome at once, at most: past it the schedule slips, and the achieved rate says so. */
const MAX_JOINS_IN_FLIGHT = 200;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const bump = (counts, key) => void (counts[key] = (counts[key] ?? 0) + 1);

/** Everything the participants report, counted since the start, and latencies since the last mark. */
class Meter {
  heartbeats = true;
  counts = {
    sent: 0,
    acked: 0,
    joined: 0,
    callsStarted: 0,
    callsSetUp: 0,
    pings: 0,
    pongs: 0,
    pingsLost: 0,
    reconnectAttempts: 0,
    paced: 0,
    welcomedAgain: 0,
    recovered: 0,
  };
  refused = {};
  ackFailures = {};
  disconnects = {};
  cutOffs = {};
  connectErrors = {};
  window = { rtt: [], ack: [] };
  joinMs = [];
  /** `[epoch ms, participant, recovered]` of each welcome after the first, since the last mark: when reconnections came back. */
  welcomesAgain = [];
  /** Heartbeats waiting for their answer, oldest first: key -> when sent. */
  pending = new Map();

  sent = () => this.counts.sent++;
  acked = (ms) => (this.counts.acked++, this.window.ack.push(ms));
  ackFailed = (code) => bump(this.ackFailures, code);
  joined = (ms) => (this.counts.joined++, this.joinMs.push(ms));
  callStarted = () => this.counts.callsStarted++;
  callSetUp = () => this.counts.callsSetUp++;
  disconnected = (reason) => bump(this.disconnects, reason);
  cutOff = (code) => bump(this.cutOffs, code);
  connectError = (message) => bump(this.connectErrors, message);
  reconnectAttempt = () => this.counts.reconnectAttempts++;
  /** Refused with service_unavailable by a busy (or draining) node, and told when to come back. */
  paced = () => this.counts.paced++;
  welcomedAgain = (participantId, recovered) => {
    this.counts.welcomedAgain++;
    if (recovered) this.counts.recovered++;
    this.welcomesAgain.push([Date.now(), participantId, recovered]);
  };
  pinged = (key) => (this.counts.pings++, this.pending.set(key, performance.now()));
  pong = (key) => {
    const sentAt = this.pending.get(key);
    if (sentAt === undefined) return; // answered after it was given up: already counted lost
    this.pending.delete(key);
    this.counts.pongs++;
    this.window.rtt.push(performance.now() - sentAt);
  };
  /** Gives up heartbeats unanswered for too long; the map is in sending order, so it stops at the first recent one. */
  sweep = () => {
    const limit = performance.now() - PONG_TIMEOUT_MS;
    for (const [key, sentAt] of this.pending) {
      if (sentAt > limit) break;
      this.pending.delete(key);
      this.counts.pingsLost++;
    }
  };
}

const meter = new Meter();
setInterval(meter.sweep, 1_000);
const loopDelay = eventLoopDelay();
/** Room -> its participants in this process. */
const rooms = new Map();

/** Joins `members` in order at `ratePerSecond`, at most MAX_JOINS_IN_FLIGHT waiting at once. */
async function joinAll(members, ratePerSecond) {
  meter.joinMs = [];
  const outcomes = {};
  const joining = [];
  let inFlight = 0;
  const startedAt = performance.now();
  const firstAt = Date.now();
  let lastJoinedAt = firstAt;
  // Bounded: joins not begun this long after the schedule's end are not attempted.
  const giveUpAt = startedAt + (members.length / ratePerSecond) * 1000 + JOIN_TIMEOUT_MS * 2;
  for (let i = 0; i < members.length; i++) {
    const due = startedAt + (i * 1000) / ratePerSecond;
    while ((performance.now() < due || inFlight >= MAX_JOINS_IN_FLIGHT) && performance.now() < giveUpAt)
      await sleep(Math.max(1, Math.min(20, due - performance.now())));
    if (performance.now() >= giveUpAt) {
      outcomes.not_attempted = members.length - i;
      break;
    }
    const { room, participantId, url } = members[i];
    const participant = new SimulatedParticipant({ url, room, participantId, meter });
    if (!rooms.has(room)) rooms.set(room, []);
    rooms.get(room).push(participant);
    inFlight++;
    joining.push(
      participant.join().then((outcome) => {
        inFlight--;
        bump(outcomes, outcome);
        if (outcome === 'joined') lastJoinedAt = Date.now();
        else rooms.get(room).splice(rooms.get(room).indexOf(participant), 1);
      }),
    );
  }
  await Promise.all(joining);
  return { outcomes, joinMs: meter.joinMs, firstAt, lastJoinedAt };
}

const everyone = () => [...rooms.values()].flat();
/** Calls each side should have set up now: in a room of k joined here, k - 1 each. */
const callsExpected = () => [...rooms.values()].reduce((sum, members) => sum + members.length * (members.length - 1), 0);
const callsSetUpNow = () => everyone().reduce((sum, p) => sum + [...p.calls.values()].filter((call) => call.done).length, 0);

function figures() {
  const participants = everyone();
  return {
    ...processCpuSample(),
    counts: meter.counts,
    refusedAfterJoin: meter.cutOffs,
    ackFailures: meter.ackFailures,
    disconnects: meter.disconnects,
    connectErrors: meter.connectErrors,
    pendingPings: meter.pending.size,
    participants: participants.length,
    connected: participants.filter((p) => p.socket?.connected).length,
    callsExpected: callsExpected(),
    callsSetUp: callsSetUpNow(),
    loopDelayMs: loopDelay.read(),
  };
}

answerParent({
  join: ({ members, ratePerSecond }) => joinAll(members, ratePerSecond),
  /** Waits (at most `timeoutMs`) until every call that should exist is set up on both sides. */
  settle: async ({ timeoutMs }) => {
    const until = performance.now() + timeoutMs;
    while (callsSetUpNow() < callsExpected() && performance.now() < until) await sleep(100);
    return figures();
  },
  /** Starts a measuring window: latencies, loop delay and reconnection times count from here. */
  mark: () => {
    meter.window = { rtt: [], ack: [] };
    meter.welcomesAgain = [];
    loopDelay.reset();
    return figures();
  },
  report: () => ({ ...figures(), rtt: meter.window.rtt, ack: meter.window.ack, welcomesAgain: meter.welcomesAgain }),
  /** Heartbeats on or off; off waits (at most `timeoutMs`) for the answers still on their way, then counts the rest lost. */
  heartbeats: async ({ on, timeoutMs = PONG_TIMEOUT_MS }) => {
    meter.heartbeats = on;
    if (on) return figures();
    const until = performance.now() + timeoutMs;
    while (meter.pending.size > 0 && performance.now() < until) await sleep(100);
    meter.counts.pingsLost += meter.pending.size;
    meter.pending.clear();
    return figures();
  },
  /** What `mark` and `report` tell, without the latencies: for polling. */
  count: () => figures(),
  /** Closes every participant; the process stays for the next phase. */
  leave: () => {
    everyone().forEach((p) => p.close());
    rooms.clear();
    // Heartbeats sent between the last drain and the leave can no longer be answered: not lost,
    // their peers left. Kept, they would be counted lost in the next configuration's first step.
    meter.pending.clear();
    return figures();
  },
});
