import { CallError } from '../errors.js';
import type { Emitter, Unsubscribe } from '../emitter.js';
import type { PeerSession } from '../peer/peer-session.js';
import type { JoinAccess } from '../signaling/transport.js';
import type { CallManager } from './call-manager.js';

// This participant's shared screen, sent to everyone in the call beside the camera, and the
// screens the others share, told apart from their cameras by the stream id each one announces
// in its presence (JOIN `screen`). Runs only in a room: part of what room-calls.ts starts.

export interface ScreenShareOptions {
  /** Ask for the tab's or the system's sound too, where the browser offers it (Chromium). Default true. */
  audio?: boolean;
  /** Frames per second asked of the capture: a screen of text needs few. Default 15. */
  frameRate?: number;
}

export const DEFAULT_SCREEN_SHARE_OPTIONS = Object.freeze({ audio: true, frameRate: 15 } as const satisfies Required<ScreenShareOptions>);

/** The part of `navigator.mediaDevices` a screen share uses (MediaDevicesLike has it as optional). */
export interface DisplayMediaSource {
  getDisplayMedia?(options: DisplayMediaStreamOptions): Promise<MediaStream>;
}

export type ScreenShareEvents = {
  /** This participant started sharing a screen (the stream sent), or stopped (null). */
  'screen-share': (stream: MediaStream | null) => void;
  /** Someone's shared screen arrived; `engine.remoteScreens` has it until `remote-screen-removed`. */
  'remote-screen-added': (participantId: string, stream: MediaStream) => void;
  'remote-screen-removed': (participantId: string, stream: MediaStream) => void;
};

export interface ScreenShareContext {
  calls: CallManager;
  /** The host's device layer (the engine's `mediaDevices`); the browser's where it has no getDisplayMedia. */
  mediaDevices: DisplayMediaSource | undefined;
  /** What this participant may send (null: everything). */
  publish: JoinAccess['publish'];
  /** The stream id a remote participant announced as its screen, if any. */
  screenOf(participantId: string): string | null;
  /** Tells the room this side's presence again (it now names the screen, or no longer does). */
  announce(): void;
  emitter: Pick<Emitter<ScreenShareEvents>, 'emit'>;
}

export class ScreenShare {
  private current: MediaStream | null = null;
  private starting = false;
  private disposed = false;
  private readonly subscriptions: Unsubscribe[];

  constructor(private readonly context: ScreenShareContext) {
    this.subscriptions = [context.calls.on('peer-started', (remoteId, peer) => this.attach(remoteId, peer))];
  }

  /** The screen this participant shares now. */
  get stream(): MediaStream | null {
    return this.current;
  }

  /**
   * Asks the person which screen, window or tab to share and sends it to everyone in the call
   * (and to whoever joins later) until `stop()`, the browser's own "Stop sharing", or the end of
   * the call. A share already running is replaced by the new pick.
   */
  async start(options: ScreenShareOptions = {}): Promise<MediaStream> {
    const { publish } = this.context;
    if (publish && !publish.includes('screen')) throw new CallError('not_permitted', 'This join token does not allow sharing a screen.');
    const source = [this.context.mediaDevices, globalThis.navigator?.mediaDevices].find((devices) => devices?.getDisplayMedia);
    if (!source?.getDisplayMedia || !displayCaptureAllowed()) {
      throw new CallError(
        'screen_share_unsupported',
        'This browser or page cannot share a screen (no getDisplayMedia, or the display-capture policy forbids it).',
      );
    }
    if (this.starting) throw new CallError('invalid_state', 'A screen share is already being started.');
    this.starting = true;
    let stream: MediaStream;
    try {
      const { audio, frameRate } = { ...DEFAULT_SCREEN_SHARE_OPTIONS, ...options };
      // The sound goes as audio: without the audio grant the server would refuse the description.
      const withAudio = audio && (!publish || publish.includes('audio'));
      stream = await source.getDisplayMedia.call(source, { video: { frameRate: { ideal: frameRate } }, audio: withAudio, ...chromiumHints(withAudio) });
    } catch (error) {
      throw toScreenShareError(error);
    } finally {
      this.starting = false;
    }
    const video = stream.getVideoTracks()[0];
    if (!video || this.disposed) {
      stream.getTracks().forEach((track) => track.stop());
      // The call ended while the person was choosing: nothing to share it with.
      if (this.disposed) throw new CallError('invalid_state', 'The call ended before the screen share started.');
      throw new CallError('screen_share_failed', 'The browser gave a screen share without video.');
    }
    // Text stays sharp: the encoder keeps detail rather than motion.
    if ('contentHint' in video) video.contentHint = 'detail';
    // The browser's own "Stop sharing" bar ends the track: the share stops as if asked.
    video.addEventListener('ended', () => this.current === stream && this.stop(), { once: true });
    const previous = this.current;
    this.current = stream;
    // Presence first: the far side must know the stream id before its tracks arrive.
    this.context.announce();
    for (const call of this.context.calls.all()) call.peer?.setScreen(stream);
    previous?.getTracks().forEach((track) => track.stop());
    this.context.emitter.emit('screen-share', stream);
    return stream;
  }

  /** Stops sharing; nothing happens when nothing is shared. */
  stop(): void {
    this.end(true);
  }

  /** The screens the others share whose media has arrived, by participant. */
  remoteScreens(): Map<string, MediaStream> {
    const screens = new Map<string, MediaStream>();
    for (const call of this.context.calls.all()) {
      const stream = this.remoteScreenOf(call.remoteId, call.peer);
      if (stream) screens.set(call.remoteId, stream);
    }
    return screens;
  }

  /** A participant's presence changed: a screen they stopped sharing goes, one whose tracks came first arrives. */
  announced(participantId: string, before: string | null): void {
    const peer = this.context.calls.get(participantId)?.peer;
    const now = this.context.screenOf(participantId);
    if (!peer || before === now) return;
    const old = before ? peer.extraStreams.get(before) : undefined;
    if (old) {
      peer.extraStreams.delete(before!);
      this.context.emitter.emit('remote-screen-removed', participantId, old);
    }
    const fresh = now ? peer.extraStreams.get(now) : undefined;
    if (fresh) this.context.emitter.emit('remote-screen-added', participantId, fresh);
  }

  /** The call ends: this side's share stops with it (the connections close, the room hears LEAVE). */
  dispose(): void {
    this.disposed = true;
    for (const unsubscribe of this.subscriptions.splice(0)) unsubscribe();
    this.end(false);
  }

  private end(tellOthers: boolean): void {
    const stream = this.current;
    if (!stream) return;
    this.current = null;
    if (tellOthers) {
      for (const call of this.context.calls.all()) call.peer?.setScreen(null);
      this.context.announce();
    }
    stream.getTracks().forEach((track) => track.stop());
    this.context.emitter.emit('screen-share', null);
  }

  private remoteScreenOf(participantId: string, peer: PeerSession | null): MediaStream | null {
    const id = this.context.screenOf(participantId);
    return (id && peer?.extraStreams.get(id)) || null;
  }

  /** Every connection, including one to a later joiner or a rebuilt one, sends the screen and reports the other's. */
  private attach(remoteId: string, peer: PeerSession): void {
    if (this.current) peer.setScreen(this.current);
    peer.on('extra-stream', (stream) => {
      if (stream.id === this.context.screenOf(remoteId)) this.context.emitter.emit('remote-screen-added', remoteId, stream);
    });
    peer.on('state', (state) => {
      const stream = state === 'closed' ? this.remoteScreenOf(remoteId, peer) : null;
      if (stream) this.context.emitter.emit('remote-screen-removed', remoteId, stream);
    });
  }
}

/** Whether the page's permissions policy lets it capture the display, where the browser says. */
function displayCaptureAllowed(): boolean {
  const doc = globalThis.document as (Document & { featurePolicy?: { allowsFeature(feature: string): boolean } }) | undefined;
  return doc?.featurePolicy?.allowsFeature('display-capture') ?? true;
}

/**
 * Chromium's picker options (other browsers ignore them): offer the system's sound, keep this
 * very tab out of the list (sharing it would mirror the call into itself).
 */
function chromiumHints(audio: boolean): Record<string, string> {
  return { selfBrowserSurface: 'exclude', surfaceSwitching: 'include', ...(audio ? { systemAudio: 'include' } : {}) };
}

/** A getDisplayMedia failure as a CallError a host can act on. */
export function toScreenShareError(error: unknown): CallError {
  if (error instanceof CallError) return error;
  const name = (error as { name?: string } | null)?.name;
  const message = error instanceof Error ? error.message : String(error);
  // Chromium says "by system" when the operating system refuses (macOS screen recording
  // permission), and names the policy when the page's permissions policy does.
  if (name === 'NotAllowedError' && !/system|policy/i.test(message)) {
    return new CallError('screen_share_cancelled', 'The screen share was cancelled.', { cause: error });
  }
  if (name === 'NotSupportedError' || name === 'TypeError' || /policy/i.test(message)) {
    return new CallError('screen_share_unsupported', `This browser cannot share a screen here: ${message}`, { cause: error });
  }
  return new CallError('screen_share_failed', `The screen could not be shared: ${message}`, { cause: error });
}
