import type { CallError } from '../errors.js';
import type { SignalingMessage } from '../signaling/protocol.js';
import type { CallManager } from './call-manager.js';
import type { RoomEventSink } from './room-events.js';
import { Roster, shouldCall, type Participant } from './roster.js';

/** `room`: everyone in the room is connected. `direct`: participants ring each other. */
export type CallMode = 'room' | 'direct';

export interface RoomMembersContext {
  /** This side's id and join order (the order changes when the server could not keep a session). */
  self(): { id: string; joinSeq: number };
  mode: CallMode;
  calls(): CallManager | null;
  /** A participant's JOIN named another screen (or none) than before. */
  screenChanged(participantId: string, before: string | null): void;
  emitter: RoomEventSink;
  /** A failure the host should hear of: the engine's `error` event. */
  emitError(error: CallError): void;
}

/**
 * The other participants, as their JOIN and LEAVE messages describe them, told to the host as
 * events. A participant back as a new instance (a reload, another tab) loses its old call; in
 * room mode the later joiner of each pair calls.
 */
export class RoomMembers {
  private readonly roster = new Roster();

  constructor(private readonly context: RoomMembersContext) {}

  get(id: string): Participant | undefined {
    return this.roster.get(id);
  }

  all(): Participant[] {
    return this.roster.all();
  }

  joined(message: SignalingMessage<'JOIN'>): void {
    const { emitter } = this.context;
    const calls = this.context.calls();
    const before = this.roster.get(message.fromId);
    const change = this.roster.upsert(message.fromId, message.payload);
    const participant = this.roster.get(message.fromId)!;
    if (change === 'replaced' && before) {
      // The participant reloaded or moved to another tab: the old call is dead.
      calls?.hangUp(before.id, 'left', false);
      emitter.emit('participant-left', before);
    }
    if (change === 'joined' || change === 'replaced') emitter.emit('participant-joined', participant);
    if (change === 'updated') emitter.emit('participant-updated', participant);
    if (participant.screen !== (before?.screen ?? null)) this.context.screenChanged(participant.id, before?.screen ?? null);
    if (this.context.mode === 'room' && calls && !calls.get(participant.id) && shouldCall(this.context.self(), participant)) {
      calls.call(participant.id, participant.name).catch((error) => this.context.emitError(error));
    }
  }

  left(participantId: string): void {
    this.context.calls()?.hangUp(participantId, 'left', false);
    const participant = this.roster.remove(participantId);
    if (participant) this.context.emitter.emit('participant-left', participant);
  }

  /** This side left the room: everyone else is gone for it. */
  clear(): void {
    for (const participant of this.roster.all()) this.context.emitter.emit('participant-left', participant);
    this.roster.clear();
  }
}
