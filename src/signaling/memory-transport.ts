import { CallError } from '../errors.js';
import { Emitter, type Unsubscribe } from '../emitter.js';
import { BROADCAST, parseOutgoing, stamp, type JoinRequest, type OutgoingMessage, type SignalingMessage } from './protocol.js';
import type { JoinWelcome, SignalingTransport, TransportStatusChange } from './transport.js';

type Listeners = {
  message: (raw: unknown) => void;
  status: (change: TransportStatusChange) => void;
};

/** Decides how long a message waits before delivery; tests use it to reorder messages. */
export type DeliveryDelay = (message: SignalingMessage) => number;

/**
 * One end of an in-memory signaling link between two engines in the same page: no server, but
 * the same validation, `fromId` stamping and addressing rules as the reference server.
 */
export class MemoryTransport implements SignalingTransport {
  peer: MemoryTransport | null = null;
  deliveryDelay: DeliveryDelay = () => 0;
  private readonly emitter = new Emitter<Listeners>();
  private identity: JoinRequest | null = null;
  private readonly pending = new Set<ReturnType<typeof setTimeout>>();

  constructor(private readonly nextJoinSeq: () => number) {}

  get participantId(): string | undefined {
    return this.identity?.participantId;
  }

  async connect(request: JoinRequest): Promise<JoinWelcome> {
    if (this.identity) throw new CallError('invalid_state', 'This transport is already connected.');
    if (this.peer?.identity?.participantId === request.participantId) {
      throw new CallError('already_in_room', 'This participant is already in the room from another tab or device.');
    }
    this.identity = request;
    return { joinSeq: this.nextJoinSeq() };
  }

  async send(message: OutgoingMessage): Promise<void> {
    const from = this.identity;
    if (!from) throw new CallError('not_joined', 'Join a room before sending messages.');
    const parsed = parseOutgoing({ v: 1, ...message });
    if (!parsed.ok) throw new CallError(parsed.code, parsed.reason);
    const peer = this.peer;
    const to = peer?.identity;
    if (!peer || !to || to.room !== from.room) {
      if (parsed.value.toId === BROADCAST) return;
      throw new CallError('peer_not_found', `${parsed.value.toId} is not in the room.`);
    }
    if (parsed.value.toId !== BROADCAST && parsed.value.toId !== to.participantId) {
      throw new CallError('peer_not_found', `${parsed.value.toId} is not in the room.`);
    }
    const envelope = stamp(parsed.value, from.participantId);
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      peer.emitter.emit('message', envelope);
    }, this.deliveryDelay(envelope));
    this.pending.add(timer);
  }

  onMessage(listener: (raw: unknown) => void): Unsubscribe {
    return this.emitter.on('message', listener);
  }

  onStatus(listener: (change: TransportStatusChange) => void): Unsubscribe {
    return this.emitter.on('status', listener);
  }

  close(): void {
    if (!this.identity) return;
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
    const peer = this.peer;
    // Like the server's presence: the other side learns that this participant left.
    if (peer?.identity) peer.emitter.emit('message', stamp({ type: 'LEAVE', toId: BROADCAST, payload: {} }, this.identity.participantId));
    this.identity = null;
    this.emitter.emit('status', { status: 'disconnected', recovered: false });
  }
}

/** Two linked in-memory transports, for engines that talk without a server. */
export function createMemoryTransportPair(): [MemoryTransport, MemoryTransport] {
  let joinSeq = 0;
  const next = () => ++joinSeq;
  const a = new MemoryTransport(next);
  const b = new MemoryTransport(next);
  a.peer = b;
  b.peer = a;
  return [a, b];
}
