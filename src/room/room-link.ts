import { v4 as uuidv4 } from 'uuid';
import { keepTokenFresh, type TokenSource } from '../access/token-source.js';
import { disposeAll, type Unsubscribe } from '../emitter.js';
import { CallError, isCallError } from '../errors.js';
import { BROADCAST, parseIncoming, PROTOCOL_VERSION, type JoinPayload, type OutgoingMessage, type SignalingMessage } from '../signaling/protocol.js';
import type { JoinWelcome, SignalingTransport, TransportStatus, TransportStatusChange } from '../signaling/transport.js';

export interface RoomLinkContext {
  participantId: string;
  /** The join token the link presents, kept fresh on the transport while it is in the room. */
  tokens: TokenSource;
  /** What this side's JOIN says about it (name and media), read each time one is sent. */
  presence(): Omit<JoinPayload, 'instanceId' | 'joinSeq'>;
  /** A valid message for this participant from someone else (ENUM is answered here). */
  deliver(message: SignalingMessage): void;
  /**
   * The transport's status changed after the join was settled. `placeLost`: back in the room,
   * but the server could not keep this side's session, so the calls must end on both sides;
   * the link greets the room afresh right after.
   */
  statusChanged(change: TransportStatusChange, placeLost: boolean): void;
  /** A failure the host should hear of: the engine's `error` event. */
  emitError(error: CallError): void;
}

/**
 * One join's signaling to the room: the transport and this instance's identity and join order
 * on it, the JOIN/ENUM greeting, what a reconnect means for this side's place, incoming
 * messages validated and addressed to this participant, and outgoing ones with the failures a
 * host should not hear about left out.
 *
 * Messages are held while joining (the others may greet before the join settles), dropped while
 * in the waiting room, and delivered once `open()`.
 */
export class RoomLink {
  /** A fresh identity per join: a second tab or a reload is another instance of the participant. */
  readonly instanceId = uuidv4();
  /** The order in which this side joined the room, as the server last said. */
  joinSeq = 0;
  private mode: 'holding' | 'dropping' | 'open' | 'closed' = 'holding';
  private inbox: unknown[] = [];
  private currentStatus: TransportStatus = 'disconnected';
  private readonly subscriptions: Unsubscribe[];
  private readonly onPageHide = () => this.transport.sendLeaveBeacon?.();

  constructor(
    readonly transport: SignalingTransport,
    private readonly context: RoomLinkContext,
  ) {
    this.subscriptions = [transport.onMessage((raw) => this.receive(raw)), transport.onStatus((change) => this.onStatus(change))];
  }

  get status(): TransportStatus {
    return this.currentStatus;
  }

  async connect(room: string): Promise<JoinWelcome> {
    const { participantId } = this.context;
    const token = await this.context.tokens.current();
    const request = { v: PROTOCOL_VERSION, room, participantId, instanceId: this.instanceId, name: this.context.presence().name };
    return this.transport.connect(token ? { ...request, token } : request);
  }

  /** The join settled (in the room or its waiting room): status changes count from now on. */
  settled(): void {
    if (this.mode !== 'holding') return;
    this.currentStatus = 'connected';
    this.mode = 'dropping';
    const { tokens, emitError } = this.context;
    this.subscriptions.push(keepTokenFresh(tokens, (token) => this.transport.updateToken?.(token), emitError));
  }

  /** In the room at last, at this join order: greets it, delivers what was held, then every message as it comes. */
  open(joinSeq: number): void {
    if (this.mode === 'closed' || this.mode === 'open') return;
    this.mode = 'open';
    this.joinSeq = joinSeq;
    this.greet();
    for (const raw of this.inbox.splice(0)) this.receive(raw);
    globalThis.addEventListener?.('pagehide', this.onPageHide);
  }

  /** Tells the room who this side is (JOIN) and asks who else is there (ENUM). */
  greet(): void {
    this.announce();
    this.send({ type: 'ENUM', toId: BROADCAST, payload: {} });
  }

  /** Sends this side's JOIN to one participant or to everyone. */
  announce(toId: string = BROADCAST): void {
    this.send({ type: 'JOIN', toId, payload: { instanceId: this.instanceId, ...this.context.presence(), joinSeq: this.joinSeq } });
  }

  send(message: OutgoingMessage): void {
    if (this.mode === 'closed') return;
    this.transport.send(message).catch((error: unknown) => {
      // Left since, or the peer left while the message was in flight: not worth an error event.
      if (this.mode === 'closed') return;
      if (isCallError(error) && (error.code === 'peer_not_found' || error.code === 'not_joined')) return;
      // A heartbeat that gets no answer is what the heartbeat measures, and a message lost while
      // the network is down is the recovery ladder's business: neither is an error for the host.
      if (message.type === 'SOCKET_PING' || message.type === 'SOCKET_PONG' || this.currentStatus !== 'connected') return;
      this.context.emitError(isCallError(error) ? error : new CallError('signaling_timeout', String(error), { cause: error }));
    });
  }

  /** Leaves the room and releases the transport; idempotent. */
  close(): void {
    if (this.mode === 'closed') return;
    this.mode = 'closed';
    this.inbox = [];
    this.currentStatus = 'disconnected';
    globalThis.removeEventListener?.('pagehide', this.onPageHide);
    disposeAll(this.subscriptions);
    this.transport.close();
  }

  private receive(raw: unknown): void {
    if (this.mode === 'holding') this.inbox.push(raw);
    if (this.mode !== 'open') return;
    const parsed = parseIncoming(raw);
    if (!parsed.ok) {
      this.context.emitError(new CallError(parsed.code, `Dropped a signaling message: ${parsed.reason}`));
      return;
    }
    const message = parsed.value;
    const { participantId } = this.context;
    if (message.fromId === participantId) return;
    if (message.toId !== BROADCAST && message.toId !== participantId) return;
    if (message.type === 'ENUM') this.announce(message.fromId);
    else this.context.deliver(message);
  }

  private onStatus(change: TransportStatusChange): void {
    if (this.mode === 'holding' || this.mode === 'closed') return;
    this.currentStatus = change.status;
    // A reconnect while waiting knocks again by itself: nothing else to do until admitted.
    const inRoom = this.mode === 'open';
    if (inRoom && change.welcome?.joinSeq !== undefined) this.joinSeq = change.welcome.joinSeq;
    // A session the server could not keep: the others may have ended their calls with this
    // side without it hearing, so the calls end and the room mesh is rebuilt from a fresh
    // roster (JOIN + ENUM) with the new join order. A place the server kept (`resumed`, say
    // after its node died) keeps its calls: their media never went through the server, and the
    // recovery ladder repairs what was lost meanwhile.
    const placeLost = inRoom && change.status === 'connected' && !change.recovered && !change.welcome?.resumed;
    this.context.statusChanged(change, placeLost);
    if (placeLost && this.mode === 'open') this.greet();
  }
}
