import type { JoinPayload } from '../signaling/protocol.js';

export interface Participant {
  readonly id: string;
  readonly instanceId: string;
  readonly name: string;
  readonly audio: boolean;
  readonly video: boolean;
  /** Join order in the room; 0 when the router did not say. */
  readonly joinSeq: number;
  /** The id of the stream carrying the screen they share (`engine.remoteScreens` has it once it arrives); null while they share none. */
  readonly screen: string | null;
}

export type RosterChange = 'joined' | 'updated' | 'replaced' | 'unchanged';

/** The other participants in the room, as their JOIN and LEAVE messages describe them. */
export class Roster {
  private readonly participants = new Map<string, Participant>();

  get(id: string): Participant | undefined {
    return this.participants.get(id);
  }

  all(): Participant[] {
    return [...this.participants.values()];
  }

  /** Records a JOIN; `replaced` means the participant came back as a new instance (a new tab). */
  upsert(id: string, join: JoinPayload): RosterChange {
    const before = this.participants.get(id);
    const next: Participant = {
      id,
      instanceId: join.instanceId,
      name: join.name,
      audio: join.audio,
      video: join.video,
      joinSeq: join.joinSeq ?? 0,
      screen: join.screen ?? null,
    };
    this.participants.set(id, next);
    if (!before) return 'joined';
    if (before.instanceId !== next.instanceId) return 'replaced';
    const same =
      before.name === next.name &&
      before.audio === next.audio &&
      before.video === next.video &&
      before.joinSeq === next.joinSeq &&
      before.screen === next.screen;
    return same ? 'unchanged' : 'updated';
  }

  remove(id: string): Participant | undefined {
    const before = this.participants.get(id);
    this.participants.delete(id);
    return before;
  }

  clear(): void {
    this.participants.clear();
  }
}

/**
 * In room mode exactly one side of each pair calls: the later joiner. Ties (a router that does
 * not number joins) fall back to the participant id, so both sides always agree.
 */
export function shouldCall(self: { id: string; joinSeq: number }, other: Participant): boolean {
  if (self.joinSeq !== other.joinSeq) return self.joinSeq > other.joinSeq;
  return self.id > other.id;
}
