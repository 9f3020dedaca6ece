import { CallEngine, type CallEngineOptions, type CallState } from '../../src/index.js';
import { testEnv, waitFor } from './test-env.js';

/** Makes engines that talk to the test run's reference server and destroys them all after each test. */
export class EngineFactory {
  private readonly engines: CallEngine[] = [];

  /** `defaults`: options every engine it makes starts from (another server, say the one with tokens on). */
  constructor(private readonly defaults: CallEngineOptions = {}) {}

  create(options: CallEngineOptions = {}): CallEngine {
    const engine = new CallEngine({ signalingUrl: testEnv.signalingUrl, logger: { warn: () => {} }, ...this.defaults, ...options });
    this.engines.push(engine);
    return engine;
  }

  /** Ada and Bob in `room`, connected to each other. */
  async connectedPair(room: string, options: CallEngineOptions = {}): Promise<[CallEngine, CallEngine]> {
    const ada = this.create({ participantId: 'ada', displayName: 'Ada', ...options });
    const bob = this.create({ participantId: 'bob', displayName: 'Bob', ...options });
    await ada.join(room);
    await bob.join(room);
    await waitForPeers(ada, ['bob']);
    await waitForPeers(bob, ['ada']);
    return [ada, bob];
  }

  destroyAll(): void {
    for (const engine of this.engines.splice(0)) engine.destroy();
  }
}

export function waitForState(engine: CallEngine, state: CallState, timeoutMs = 20_000): Promise<true> {
  return waitFor(() => engine.state === state, `${engine.participantId} to be ${state} (is ${engine.state})`, timeoutMs);
}

/** Waits until the engine has a connected peer connection to each of `remoteIds`. */
export function waitForPeers(engine: CallEngine, remoteIds: string[], timeoutMs = 20_000): Promise<true> {
  return waitFor(
    () => remoteIds.every((id) => engine.peerConnections.get(id)?.connectionState === 'connected'),
    `${engine.participantId} to connect to ${remoteIds.join(', ')}`,
    timeoutMs,
  );
}

/**
 * Joins `count` guests (`guest-0`, `guest-1`, ... named `Guest 0`, ...) to `room` one after
 * another, each pushed to `into` so the test's afterEach destroys them. `audio: false` joins them
 * muted, so the fake microphones' tones never make anyone the speaker.
 */
export async function joinGuests(into: CallEngine[], room: string, count: number, { audio = true, video = true } = {}): Promise<void> {
  for (let i = 0; i < count; i++) {
    const guest = new CallEngine({ signalingUrl: testEnv.signalingUrl, participantId: `guest-${i}`, displayName: `Guest ${i}`, media: { audio: true, video } });
    into.push(guest);
    await guest.join(room);
    if (!audio) guest.setAudioEnabled(false);
  }
}
