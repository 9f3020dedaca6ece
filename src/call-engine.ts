import { TokenSource } from './access/token-source.js';
import { CallError } from './errors.js';
import { disposeAll, Emitter, forward, type Unsubscribe } from './emitter.js';
import {
  checkEngineOptions,
  checkJoin,
  DEFAULT_CALL_ENGINE_OPTIONS,
  type CallEngineEvents,
  type CallEngineOptions,
  type CallMode,
  type CallState,
  type EndedReason,
} from './call-engine-types.js';
import type { TrackKind } from './media/device-kinds.js';
import { DeviceManager } from './media/device-manager.js';
import { resolveRecoveryPolicy, type RecoveryPolicy } from './recovery/policy.js';
import type { IceConfigSource } from './peer/ice-config-source.js';
import type { RoomCalls } from './room/room-calls.js';
import type { ScreenShareOptions } from './room/screen-share.js';
import { loadRoomCalls, startRoomCalls } from './room/room-calls-loader.js';
import { deriveCallState, type RoomStage } from './room/call-state.js';
import { endedBy, joinOutcome } from './room/join-outcome.js';
import { RoomLink } from './room/room-link.js';
import { RoomMembers } from './room/room-members.js';
import { publishable, RoomAccess } from './room/room-access.js';
import type { Participant } from './room/roster.js';
import { MAX_NAME_CHARS, type SignalingMessage } from './signaling/protocol.js';
import { SocketIoTransport } from './signaling/socket-io-transport.js';
import type { TransportStatus, TransportStatusChange } from './signaling/transport.js';

export { DEFAULT_CALL_ENGINE_OPTIONS } from './call-engine-types.js';
export type { CallEngineEvents, CallEngineOptions, CallMode, CallState, EndedReason, IncomingCall } from './call-engine-types.js';

/**
 * The public face of a call: joins a room over a signaling transport, keeps one peer session
 * per remote participant, and reports everything as typed events. Framework-free.
 */
export class CallEngine {
  readonly participantId: string;
  private readonly options: CallEngineOptions;
  private readonly emitter = new Emitter<CallEngineEvents>();
  private readonly members: RoomMembers;
  private subscriptions: Unsubscribe[] = [];
  private roomStage: RoomStage = 'idle';
  private currentState: CallState = 'idle';
  /** The signaling to the room, for the current join. */
  private link: RoomLink | null = null;
  /** The calls, their recovery and the network watch, while in the room. */
  private roomCalls: RoomCalls | null = null;
  private ice: IceConfigSource | null = null;
  private readonly policy: RecoveryPolicy;
  private currentRoom: string | null = null;
  private attempt = 0;
  private destroyed = false;
  /** Cameras, microphones and speakers: pickers, swaps mid-call, unplugged devices. */
  readonly devices: DeviceManager;
  private readonly tokens: TokenSource;
  /**
   * Who may do what in the room: this participant's role and grants, the guests knocking at the
   * waiting room, the lock, and a host's commands (`requestMute`, `remove`, `lock`, `unlock`, `endForEveryone`).
   */
  readonly access = new RoomAccess();
  private lastEndReason: EndedReason | null = null;

  constructor(options: CallEngineOptions = {}) {
    this.participantId = checkEngineOptions(options).participantId;
    this.options = options;
    this.policy = resolveRecoveryPolicy(options.recovery);
    this.tokens = new TokenSource({ token: options.token, provider: options.tokenProvider });
    this.members = new RoomMembers({
      self: () => ({ id: this.participantId, joinSeq: this.link?.joinSeq ?? 0 }),
      mode: this.mode,
      calls: () => this.roomCalls?.calls ?? null,
      screenChanged: (id, before) => this.roomCalls?.screen.announced(id, before),
      emitter: this.emitter,
      emitError: (error) => this.emitError(error),
    });
    this.devices = new DeviceManager({ mediaDevices: options.mediaDevices });
    this.devices.useSender((kind, track) => this.roomCalls?.calls.replaceTrack(kind, track) ?? Promise.resolve());
    forward(this.devices, this.emitter, ['local-stream', 'device-recovery']);
    this.devices.on('error', (error) => this.emitError(error));
    forward(this.access, this.emitter, ['knock', 'knock-ended', 'room-lock']);
    this.access.on('error', (error) => this.emitError(error));
    this.access.on('admitted', (welcome) => this.roomStage === 'waiting-room' && this.ice && this.enterRoom(this.ice, welcome.joinSeq));
    this.access.on('ended-by-host', () => this.end('ended-by-host'));
    this.access.on('mute-requested', (request) => {
      for (const kind of request.kinds) this.applyMediaState(kind, false);
      this.emitter.emit('mute-requested', request);
    });
  }

  /** Why the last call ended: `left`, `denied`, `removed`, `ended-by-host`, `connection-lost` or `error`; null before. */
  get endReason(): EndedReason | null {
    return this.lastEndReason;
  }

  /** Lets a guest in from the waiting room (a host, or the `admit` grant). */
  admit(participantId: string): Promise<void> {
    return this.access.admit(participantId);
  }

  /** Turns a guest in the waiting room away; their call ends with reason `denied`. */
  deny(participantId: string): Promise<void> {
    return this.access.deny(participantId);
  }

  /** The join token in hand (the host's or its provider's latest), for a recording's start. */
  get token(): string | undefined {
    return this.tokens.latest;
  }

  get state(): CallState {
    return this.currentState;
  }

  get mode(): CallMode {
    return this.options.mode ?? DEFAULT_CALL_ENGINE_OPTIONS.mode;
  }

  get room(): string | null {
    return this.currentRoom;
  }

  get displayName(): string {
    return (this.options.displayName ?? '').slice(0, MAX_NAME_CHARS);
  }

  get localStream(): MediaStream | null {
    return this.devices.stream;
  }

  get participants(): Participant[] {
    return this.members.all();
  }

  get media(): { audio: boolean; video: boolean } {
    return { audio: this.devices.enabled('audio'), video: this.devices.enabled('video') };
  }

  /** The remote stream of each participant whose media has arrived. */
  get remoteStreams(): Map<string, MediaStream> {
    return this.roomCalls?.remoteStreams() ?? new Map();
  }

  /** The peer connection to each remote participant, for diagnostics (`getStats`). */
  get peerConnections(): Map<string, RTCPeerConnection> {
    return this.roomCalls?.peerConnections() ?? new Map();
  }

  /** Whether an incoming call from this participant is waiting for accept or decline. */
  isRinging(participantId: string): boolean {
    return this.roomCalls?.calls.get(participantId)?.phase === 'ringing-in';
  }

  on<E extends keyof CallEngineEvents>(event: E, listener: CallEngineEvents[E]): Unsubscribe {
    return this.emitter.on(event, listener);
  }

  /**
   * Joins a room: resolves once in it, or in its waiting room (state `waiting-room`) until a
   * host lets this participant in.
   */
  async join(room: string): Promise<void> {
    if (this.destroyed) throw new CallError('destroyed', 'This engine was destroyed.');
    if (this.roomStage === 'joining' || this.roomStage === 'joined' || this.roomStage === 'waiting-room')
      throw new CallError('invalid_state', `Already in room ${this.currentRoom}.`);
    const ice = checkJoin(room, this.options, { user: this.participantId, tokens: this.tokens, report: (error) => this.emitError(error) });
    const attempt = ++this.attempt;
    this.roomStage = 'joining';
    this.lastEndReason = null;
    this.currentRoom = room;
    this.updateState();

    const link = new RoomLink(this.options.transport ?? new SocketIoTransport({ url: this.options.signalingUrl }), {
      participantId: this.participantId,
      tokens: this.tokens,
      presence: () => ({ name: this.displayName, ...this.media, ...(this.screenStream ? { screen: this.screenStream.id } : {}) }),
      deliver: (message) => this.onMessage(message),
      statusChanged: (change, placeLost) => this.onTransportStatus(change, placeLost),
      emitError: (error) => this.emitError(error),
    });
    this.link = link;
    this.ice = ice;
    this.subscriptions.push(
      this.access.attach(link.transport),
      ice.on('error', (error) => this.emitError(error)),
      ice.on('change', (rtc, info) => {
        this.roomCalls?.calls.setRtcConfiguration(rtc);
        this.emitter.emit('ice-config', info);
      }),
    );
    // The ICE config and the calls' code are fetched while the camera opens and signaling connects.
    const steps = await Promise.allSettled([this.openLocalMedia(), link.connect(room), ice.start(), loadRoomCalls()]);
    if (attempt !== this.attempt) {
      // leave() released the devices already; a join after it opens its own.
      throw new CallError('invalid_state', 'The join was cancelled by leave().');
    }
    const welcome = joinOutcome(steps);
    if (welcome instanceof CallError) {
      this.emitError(welcome);
      this.end('error');
      throw welcome;
    }

    link.settled();
    this.access.welcomed(welcome.access);
    if (welcome.waiting || welcome.joinSeq === undefined) {
      // Knocking: the camera stays open for a preview, the room is not heard until a host admits.
      this.roomStage = 'waiting-room';
      this.updateState();
      return;
    }
    this.enterRoom(ice, welcome.joinSeq);
  }

  /** In the room at last: calls with everyone in it (or ringing, in direct mode). */
  private enterRoom(ice: IceConfigSource, joinSeq: number): void {
    this.roomCalls = this.startCalls(ice);
    this.roomStage = 'joined';
    this.emitter.emit('ice-config', ice.info!);
    this.link?.open(joinSeq);
    this.updateState();
  }

  /** Leaves the room; the engine can join again afterwards. */
  async leave(): Promise<void> {
    if (this.roomStage === 'idle' || this.roomStage === 'ended') return;
    this.end('left');
  }

  /** Leaves and releases everything for good; safe to call more than once. */
  destroy(): void {
    if (this.destroyed) return;
    void this.leave();
    this.devices.dispose();
    this.destroyed = true;
    this.emitter.clear();
  }

  /** Direct mode: rings a participant in the room; resolves when they answer. */
  call(participantId: string): Promise<void> {
    return this.requireRoom().ring(participantId, this.members.get(participantId));
  }

  accept(participantId: string): void {
    this.requireRoom().accept(participantId);
  }

  decline(participantId: string): void {
    this.requireRoom().calls.decline(participantId);
  }

  /** Ends the call with one participant, or with everyone; the engine stays in the room. */
  hangUp(participantId?: string): void {
    this.requireRoom().hangUp(participantId);
  }

  setAudioEnabled(enabled: boolean): void {
    this.applyMediaState('audio', enabled);
  }

  setVideoEnabled(enabled: boolean): void {
    this.applyMediaState('video', enabled);
  }

  /** Shares a screen beside the camera, to everyone in the call and later joiners (ScreenShare.start); call it from a click. */
  async startScreenShare(options?: ScreenShareOptions): Promise<MediaStream> {
    return this.requireRoom().screen.start(options);
  }

  stopScreenShare(): void {
    this.roomCalls?.screen.stop();
  }

  /** The screen this participant shares, or null. */
  get screenStream(): MediaStream | null {
    return this.roomCalls?.screen.stream ?? null;
  }

  get screenSharing(): boolean {
    return this.screenStream !== null;
  }

  /** The screen each remote participant shares, once it has arrived (`remote-screen-added`). */
  get remoteScreens(): Map<string, MediaStream> {
    return this.roomCalls?.screen.remoteScreens() ?? new Map();
  }

  private applyMediaState(kind: TrackKind, enabled: boolean): void {
    this.devices.setEnabled(kind, enabled);
    if (this.roomStage === 'joined') this.link?.announce();
    this.emitter.emit('media-state', this.media);
  }

  private openLocalMedia(): Promise<MediaStream> {
    return this.devices.start(this.options.media ?? DEFAULT_CALL_ENGINE_OPTIONS.media, this.options.localStream);
  }

  private startCalls(ice: IceConfigSource): RoomCalls {
    return startRoomCalls({
      send: (message) => this.link?.send(message),
      ice,
      ...publishable(this.devices.stream, this.devices.sendKinds, this.access.publish),
      mediaDevices: this.options.mediaDevices,
      screenOf: (id) => this.members.get(id)?.screen ?? null,
      announce: () => this.link?.announce(),
      displayName: this.displayName,
      ringTimeoutMs: this.options.ringTimeoutMs ?? DEFAULT_CALL_ENGINE_OPTIONS.ringTimeoutMs,
      autoAccept: this.mode === 'room',
      policy: this.policy,
      transportStatus: () => this.transportStatus,
      emitter: this.emitter,
      update: () => this.updateState(),
      accept: (id) => this.accept(id),
      decline: (id) => this.decline(id),
      emitError: (error) => this.emitError(error),
      networkLost: (error) => {
        this.emitError(error);
        this.end('connection-lost');
      },
    });
  }

  /** A message for this participant from someone in the room. */
  private onMessage(message: SignalingMessage): void {
    if (message.type === 'JOIN') this.members.joined(message);
    else if (message.type === 'LEAVE') this.members.left(message.fromId);
    else this.roomCalls?.calls.handle(message);
    this.updateState();
  }

  private onTransportStatus(change: TransportStatusChange, placeLost: boolean): void {
    this.roomCalls?.network.transportChanged();
    this.emitter.emit('transport-status', change);
    if (change.status === 'disconnected') {
      // The transport gave up for good (the server closed it): the call cannot go on.
      const error = change.error ?? new CallError('signaling_closed', 'The signaling server closed the connection.');
      this.emitError(error);
      this.end(endedBy(error));
      return;
    }
    // The others may have ended their calls with this side without it hearing: every call ends
    // on both sides (END_CALL) before the link greets the room again.
    if (placeLost) this.roomCalls?.hangUp(undefined, 'replaced');
    this.updateState();
  }

  private requireRoom(): RoomCalls {
    if (this.destroyed) throw new CallError('destroyed', 'This engine was destroyed.');
    if (!this.roomCalls) throw new CallError('not_joined', 'Join a room first.');
    return this.roomCalls;
  }

  /** Logs a failure and emits it as the `error` event, where hosts and elements hear of it. */
  private emitError(error: CallError): void {
    (this.options.logger ?? console).warn(`[lifeline] ${error.code}: ${error.message}`);
    this.emitter.emit('error', error);
  }

  /** Leaves for good, saying why (the `ended` event, `endReason`). */
  private end(reason: EndedReason): void {
    this.attempt++;
    const wasIn = this.roomStage !== 'idle' && this.roomStage !== 'ended';
    this.teardown();
    if (!wasIn) return;
    this.lastEndReason = reason;
    this.emitter.emit('ended', reason);
  }

  private teardown(): void {
    this.roomCalls?.stop();
    this.roomCalls = null;
    this.ice?.dispose();
    this.ice = null;
    disposeAll(this.subscriptions);
    this.members.clear();
    this.link?.close();
    this.link = null;
    this.devices.stop();
    this.roomStage = 'ended';
    this.updateState();
  }

  private get transportStatus(): TransportStatus {
    return this.link?.status ?? 'disconnected';
  }

  private updateState(): void {
    const recovery = this.roomCalls?.recovery;
    const next = deriveCallState(this.roomStage, this.transportStatus, this.roomCalls?.calls.all() ?? [], (id) => recovery?.step(id) ?? 'healthy');
    if (next === this.currentState) return;
    const previous = this.currentState;
    this.currentState = next;
    this.emitter.emit('state', next, previous);
  }
}
