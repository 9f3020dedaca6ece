import { CallError } from '../errors.js';
import { Emitter, type Unsubscribe } from '../emitter.js';
import type { TrackKind } from '../media/device-kinds.js';
import type { IceCandidate, SdpDescription } from '../signaling/protocol.js';

export type PeerState = 'new' | 'connecting' | 'connected' | 'disconnected' | 'failed' | 'closed';

/** The part of a SIGNAL payload a peer session produces and consumes. */
export type PeerSignal = { description: SdpDescription } | { candidate: IceCandidate };

export interface PeerSessionOptions {
  remoteId: string;
  /** The callee is polite: it yields when both sides offer at once. */
  polite: boolean;
  rtcConfiguration: RTCConfiguration;
  localStream: MediaStream | null;
  /** Kinds to send: each gets a sender even without a track yet, so one can be swapped in later. */
  sendKinds?: readonly TrackKind[];
  /**
   * Whether to add local tracks (and so offer) at once. The callee waits for the caller's
   * offer and answers with its tracks, which avoids a needless collision at call setup.
   */
  offerOnStart: boolean;
  sendSignal: (signal: PeerSignal) => void;
  /** The id of the stream the remote side announced as its shared screen, read as tracks arrive. */
  remoteScreenId?: () => string | null;
}

type Listeners = {
  state: (state: PeerState) => void;
  'remote-stream': (stream: MediaStream) => void;
  /** A stream besides the camera's arrived (a shared screen); `extraStreams` has it. */
  'extra-stream': (stream: MediaStream) => void;
  error: (error: CallError) => void;
};

/**
 * One RTCPeerConnection to one remote participant, negotiated with the W3C "perfect
 * negotiation" pattern, with ICE candidates that arrive before the remote description held
 * back and applied once it is set.
 */
export class PeerSession {
  readonly pc: RTCPeerConnection;
  readonly remoteId: string;
  /** Candidates that arrived before the remote description; for diagnostics and tests. */
  bufferedCandidateCount = 0;
  remoteStream: MediaStream | null = null;
  /** The remote side's streams besides its camera's (a shared screen), by stream id. */
  readonly extraStreams = new Map<string, MediaStream>();
  private readonly emitter = new Emitter<Listeners>();
  private readonly options: PeerSessionOptions;
  private makingOffer = false;
  private ignoreOffer = false;
  private settingRemoteAnswer = false;
  private tracksAdded = false;
  private readonly senders = new Map<string, RTCRtpSender>();
  /** The screen this side shares: sent with the other tracks, or on its own senders since. */
  private screen: MediaStream | null = null;
  private screenSenders: RTCRtpSender[] = [];
  private pendingCandidates: RTCIceCandidateInit[] = [];
  /** Incoming signals are applied one at a time, in arrival order. */
  private inbox: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(options: PeerSessionOptions) {
    this.options = options;
    this.remoteId = options.remoteId;
    this.pc = new RTCPeerConnection(options.rtcConfiguration);
    this.pc.onnegotiationneeded = () => void this.offer();
    this.pc.onicecandidate = ({ candidate }) => {
      if (candidate && candidate.candidate) this.send({ candidate: candidate.toJSON() as IceCandidate });
    };
    this.pc.onconnectionstatechange = () => this.emitter.emit('state', this.state);
    this.pc.ontrack = (event) => this.onTrack(event);
    if (options.offerOnStart) {
      this.addLocalTracks();
      // Offer now rather than a task later on negotiationneeded; the event then finds the
      // offer on the connection's operations chain and does not fire a second one.
      void this.offer();
    }
  }

  get state(): PeerState {
    return this.closed ? 'closed' : (this.pc.connectionState as PeerState);
  }

  on<E extends keyof Listeners>(event: E, listener: Listeners[E]): Unsubscribe {
    return this.emitter.on(event, listener);
  }

  /** Applies a SIGNAL payload from the remote side. */
  handleSignal(signal: PeerSignal): Promise<void> {
    this.inbox = this.inbox.then(() => this.apply(signal));
    return this.inbox;
  }

  /**
   * Starts an ICE restart from this side (the caller drives restarts). An offer of ours that
   * was never answered (lost while the network was down) is rolled back first; otherwise the
   * restart would wait behind it forever.
   */
  restartIce(): Promise<void> {
    // In line with incoming signals, so a restart never interleaves with applying an offer.
    this.inbox = this.inbox.then(() => this.rollBackAndRestartIce());
    return this.inbox;
  }

  private async rollBackAndRestartIce(): Promise<void> {
    if (this.closed) return;
    try {
      if (this.pc.signalingState === 'have-local-offer' && !this.makingOffer) {
        await this.pc.setLocalDescription({ type: 'rollback' });
      }
      if (this.closed) return;
      this.pc.restartIce();
      await this.offer();
    } catch (error) {
      this.fail('Could not restart ICE', error);
    }
  }

  /**
   * New ICE servers (fresh TURN credentials) for the next gathering: an ICE restart, or a TURN
   * allocation made later. The pairs in use carry on untouched.
   */
  setConfiguration(rtc: RTCConfiguration): void {
    if (this.closed) return;
    try {
      this.pc.setConfiguration({ ...this.pc.getConfiguration(), iceServers: rtc.iceServers, iceTransportPolicy: rtc.iceTransportPolicy });
    } catch (error) {
      // The old servers stay in use; a restart or rebuild still has the recovery ladder behind it.
      console.warn('[lifeline] could not apply refreshed ICE servers', error);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    const pc = this.pc;
    pc.onnegotiationneeded = null;
    pc.onicecandidate = null;
    pc.onconnectionstatechange = null;
    pc.ontrack = null;
    pc.close();
    for (const stream of [this.remoteStream, ...this.extraStreams.values()]) stream?.getTracks().forEach((track) => track.stop());
    this.pendingCandidates = [];
    this.emitter.emit('state', 'closed');
    this.emitter.clear();
  }

  private addLocalTracks(): void {
    if (this.tracksAdded || this.closed) return;
    this.tracksAdded = true;
    const stream = this.options.localStream;
    if (!stream) return;
    for (const track of stream.getTracks()) this.senders.set(track.kind, this.pc.addTrack(track, stream));
    // A kind whose device is missing right now (lost before this call started) still gets a
    // sender: the callee reuses the offer's idle transceiver, the caller adds one.
    for (const kind of this.options.sendKinds ?? []) {
      if (this.senders.has(kind)) continue;
      const idle = this.pc.getTransceivers().find((t) => t.receiver.track.kind === kind && !t.sender.track && ![...this.senders.values()].includes(t.sender));
      if (idle) {
        idle.direction = 'sendrecv';
        idle.sender.setStreams?.(stream);
        this.senders.set(kind, idle.sender);
      } else {
        this.senders.set(kind, this.pc.addTransceiver(kind, { direction: 'sendrecv', streams: [stream] }).sender);
      }
    }
    // After the camera's, so the camera keeps the first m-lines, which the callee's tracks reuse.
    this.sendScreen();
  }

  /**
   * Sends a shared screen as tracks of their own beside the camera's, or stops sending it (null):
   * a renegotiation, started by `negotiationneeded`. Before this session's tracks are added (a
   * callee waiting for the offer) the screen waits to go with them.
   */
  setScreen(stream: MediaStream | null): void {
    if (this.closed || stream === this.screen) return;
    this.screen = stream;
    if (this.tracksAdded) this.sendScreen();
  }

  private sendScreen(): void {
    for (const sender of this.screenSenders.splice(0)) this.pc.removeTrack(sender);
    const stream = this.screen;
    if (!stream) return;
    for (const track of stream.getTracks()) {
      const sender = this.pc.addTrack(track, stream);
      this.screenSenders.push(sender);
      if (track.kind === 'video') void keepResolution(sender);
    }
  }

  /** Sends another local track of a kind in place of the current one: no renegotiation. */
  async replaceTrack(kind: TrackKind, track: MediaStreamTrack | null): Promise<void> {
    const sender = this.senders.get(kind);
    // Before its tracks are added a session has no sender; it takes the stream's tracks then.
    if (!sender || this.closed) return;
    await sender.replaceTrack(track);
  }

  private async offer(): Promise<void> {
    if (this.closed || this.makingOffer) return;
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      this.sendLocalDescription();
    } catch (error) {
      this.fail('Could not create an offer', error);
    } finally {
      this.makingOffer = false;
    }
  }

  private async apply(signal: PeerSignal): Promise<void> {
    if (this.closed) return;
    try {
      if ('description' in signal) await this.applyDescription(signal.description);
      else await this.applyCandidate(signal.candidate);
    } catch (error) {
      this.fail("Could not apply the remote side's signal", error);
    }
  }

  private async applyDescription(description: SdpDescription): Promise<void> {
    const pc = this.pc;
    const readyForOffer = !this.makingOffer && (pc.signalingState === 'stable' || this.settingRemoteAnswer);
    // An answer to an offer that was since rolled back (an ICE restart overtook it) is stale.
    if (description.type === 'answer' && pc.signalingState === 'stable') return;
    const collision = description.type === 'offer' && !readyForOffer;
    this.ignoreOffer = !this.options.polite && collision;
    if (this.ignoreOffer) return;

    this.settingRemoteAnswer = description.type === 'answer';
    await pc.setRemoteDescription(description);
    this.settingRemoteAnswer = false;
    if (this.closed) return;
    if (description.type === 'offer') {
      // Added now, the callee's tracks ride on the caller's transceivers: no second offer.
      this.addLocalTracks();
      await pc.setLocalDescription();
      this.sendLocalDescription();
    }
    // Held candidates go in after the answer is on its way, so they never delay it.
    await this.flushCandidates();
  }

  private async applyCandidate(candidate: IceCandidate): Promise<void> {
    if (!this.pc.remoteDescription) {
      this.bufferedCandidateCount++;
      this.pendingCandidates.push(candidate);
      return;
    }
    try {
      await this.pc.addIceCandidate(candidate);
    } catch (error) {
      // Candidates for an offer we chose to ignore are expected to fail.
      if (!this.ignoreOffer) throw error;
    }
  }

  private async flushCandidates(): Promise<void> {
    const pending = this.pendingCandidates.splice(0);
    for (const candidate of pending) {
      try {
        await this.pc.addIceCandidate(candidate);
      } catch (error) {
        console.warn('[lifeline] a buffered ICE candidate was rejected', error);
      }
    }
  }

  private sendLocalDescription(): void {
    const description = this.pc.localDescription;
    if (!description || this.closed) return;
    this.send({ description: { type: description.type as SdpDescription['type'], sdp: description.sdp } });
  }

  private send(signal: PeerSignal): void {
    if (!this.closed) this.options.sendSignal(signal);
  }

  private onTrack(event: RTCTrackEvent): void {
    const stream = event.streams[0];
    // The camera's stream is the first one that is not the announced screen; any other is extra.
    if (stream && (stream.id === this.options.remoteScreenId?.() || (this.remoteStream && stream.id !== this.remoteStream.id))) {
      const fresh = !this.extraStreams.has(stream.id);
      this.extraStreams.set(stream.id, stream);
      if (fresh) this.emitter.emit('extra-stream', stream);
      return;
    }
    const fresh = !this.remoteStream;
    this.remoteStream = event.streams[0] ?? this.remoteStream ?? new MediaStream();
    if (!this.remoteStream.getTracks().includes(event.track)) this.remoteStream.addTrack(event.track);
    if (fresh) this.emitter.emit('remote-stream', this.remoteStream);
  }

  private fail(what: string, error: unknown): void {
    if (this.closed) return;
    const message = error instanceof Error ? error.message : String(error);
    this.emitter.emit('error', new CallError('negotiation_failed', `${what} with ${this.remoteId}: ${message}`, { cause: error }));
  }
}

/**
 * A shared screen is text and lines: keep its resolution and let the frame rate give way when
 * the link is short. Where setParameters does not take the preference, the track's
 * `contentHint = 'detail'` asks the encoder for the same.
 */
async function keepResolution(sender: RTCRtpSender): Promise<void> {
  try {
    const parameters = sender.getParameters() as RTCRtpSendParameters & { degradationPreference?: string };
    await sender.setParameters({ ...parameters, degradationPreference: 'maintain-resolution' } as RTCRtpSendParameters);
  } catch {
    // Not supported here (or not before negotiation): the content hint stands in.
  }
}
