import { CallError } from '../errors.js';
import { Emitter, type Unsubscribe } from '../emitter.js';
import type { TrackKind } from '../media/device-kinds.js';
import { parseRoomEvent, type KnockOutcome, type MediaKind, type RoomCommand, type RoomWelcome } from '../signaling/room-protocol.js';
import type { JoinAccess, SignalingTransport } from '../signaling/transport.js';

// Who may do what in the room, and the waiting room as this participant sees it: its own role
// and grants (from the server's welcome), the guests knocking (for those who may admit), the
// lock, and the host's commands. The server checks every command against the join token; the
// checks here only spare a round trip and give a clear error.

export interface Knock {
  participantId: string;
  name: string;
}

export interface MuteRequest {
  byId: string;
  byName: string;
  kinds: MediaKind[];
}

type Listeners = {
  /** A guest is waiting to be let in (to those who may admit). */
  knock: (knock: Knock) => void;
  'knock-ended': (ended: { participantId: string; outcome: KnockOutcome }) => void;
  'room-lock': (locked: boolean) => void;
  /** A host asked this participant to mute; the engine has muted what they asked. */
  'mute-requested': (request: MuteRequest) => void;
  /** A waiting guest was let in. */
  admitted: (welcome: RoomWelcome) => void;
  /** A host ended the call for everyone. */
  'ended-by-host': (byId: string) => void;
  error: (error: CallError) => void;
};

/**
 * What the calls send: the local stream and kinds, less what the join token does not let this
 * participant publish (the server refuses a description that offers it). `screen` goes as video.
 */
export function publishable(
  stream: MediaStream | null,
  sendKinds: TrackKind[],
  publish: JoinAccess['publish'],
): { localStream: MediaStream | null; sendKinds: TrackKind[]; publish: JoinAccess['publish'] } {
  if (!publish) return { localStream: stream, sendKinds, publish };
  const allowed = (kind: string) => publish.includes(kind as TrackKind) || (kind === 'video' && publish.includes('screen'));
  return { localStream: stream && new MediaStream(stream.getTracks().filter((track) => allowed(track.kind))), sendKinds: sendKinds.filter(allowed), publish };
}

const OPEN_ACCESS: JoinAccess = { role: null, admit: false, publish: null };

export class RoomAccess {
  private readonly emitter = new Emitter<Listeners>();
  private transport: SignalingTransport | null = null;
  private access: JoinAccess = OPEN_ACCESS;
  private readonly waiting = new Map<string, Knock>();
  private isLocked = false;

  on<E extends keyof Listeners>(event: E, listener: Listeners[E]): Unsubscribe {
    return this.emitter.on(event, listener);
  }

  /** Listens to the room's channel of this transport; the returned function stops. */
  attach(transport: SignalingTransport): Unsubscribe {
    this.transport = transport;
    const stop = transport.onRoomEvent?.((raw) => this.onEvent(raw)) ?? (() => {});
    return () => {
      stop();
      if (this.transport === transport) this.transport = null;
      this.access = OPEN_ACCESS;
      this.waiting.clear();
      this.isLocked = false;
    };
  }

  /** What the server's welcome said of this participant's own access. */
  welcomed(access: JoinAccess | undefined): void {
    this.access = access ?? OPEN_ACCESS;
  }

  /** `host` or `guest`, from the join token; null where the server takes no tokens. */
  get role(): JoinAccess['role'] {
    return this.access.role;
  }

  /** Whether this participant may let guests in (a host, or the `admit` grant). */
  get canAdmit(): boolean {
    return this.access.admit;
  }

  /** The kinds this participant may send; null for all. */
  get publish(): JoinAccess['publish'] {
    return this.access.publish;
  }

  /** Whether guests knock to get in now. */
  get locked(): boolean {
    return this.isLocked;
  }

  /** The guests waiting to be let in, longest first (empty unless this participant may admit). */
  get knocks(): Knock[] {
    return [...this.waiting.values()];
  }

  /** Lets a waiting guest in. */
  admit(participantId: string): Promise<void> {
    return this.send({ action: 'admit', participantId }, this.canAdmit);
  }

  /** Turns a waiting guest away: their call ends with reason `denied`. */
  deny(participantId: string): Promise<void> {
    return this.send({ action: 'deny', participantId }, this.canAdmit);
  }

  /** Asks someone to mute (their microphone by default). Their client mutes and says who asked; P2P media cannot be forced off. */
  requestMute(participantId: string, kinds: MediaKind[] = ['audio']): Promise<void> {
    return this.send({ action: 'mute', participantId, kinds }, this.isHost);
  }

  /** Ends someone's session and keeps them out of this room for an hour. */
  remove(participantId: string): Promise<void> {
    return this.send({ action: 'remove', participantId }, this.isHost);
  }

  /** Guests who join from now on knock and wait. */
  lock(): Promise<void> {
    return this.send({ action: 'lock' }, this.isHost);
  }

  /** Opens the room; everyone waiting comes in. */
  unlock(): Promise<void> {
    return this.send({ action: 'unlock' }, this.isHost);
  }

  /** Ends the call for everyone in the room and closes it to new joins for a while. */
  endForEveryone(): Promise<void> {
    return this.send({ action: 'end' }, this.isHost);
  }

  private get isHost(): boolean {
    return this.access.role === 'host';
  }

  private send(command: RoomCommand, permitted: boolean): Promise<void> {
    const transport = this.transport;
    if (!transport) return Promise.reject(new CallError('not_joined', 'Join a room first.'));
    if (!transport.command) return Promise.reject(new CallError('invalid_state', 'This signaling transport has no room commands.'));
    if (!permitted) return Promise.reject(new CallError('not_permitted', `Only a host may ${command.action}.`));
    return transport.command(command);
  }

  private onEvent(raw: unknown): void {
    const event = parseRoomEvent(raw);
    if (!event) {
      this.emitter.emit('error', new CallError('invalid_message', 'Dropped a malformed room event.'));
      return;
    }
    switch (event.type) {
      case 'knock':
        this.waiting.set(event.participantId, { participantId: event.participantId, name: event.name });
        return this.emitter.emit('knock', { participantId: event.participantId, name: event.name });
      case 'knock-ended':
        if (!this.waiting.delete(event.participantId)) return;
        return this.emitter.emit('knock-ended', { participantId: event.participantId, outcome: event.outcome });
      case 'lock':
        if (event.locked === this.isLocked) return;
        this.isLocked = event.locked;
        return this.emitter.emit('room-lock', event.locked);
      case 'mute-requested':
        return this.emitter.emit('mute-requested', { byId: event.byId, byName: event.byName, kinds: event.kinds });
      case 'admitted':
        return this.emitter.emit('admitted', event.welcome);
      case 'ended':
        return this.emitter.emit('ended-by-host', event.byId);
    }
  }
}
