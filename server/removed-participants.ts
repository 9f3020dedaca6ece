/** How long a removed participant is kept out of the room: longer than any call they could disrupt. */
export const DEFAULT_REMOVED_FOR_MS = 60 * 60_000;

/** Stands for everyone: a room a host ended keeps everyone out for a while. */
export const ENDED_ROOM = '*';
/** How long an ended room stays closed: the call is over, and its invitations with it. */
export const DEFAULT_ENDED_FOR_MS = 10 * 60_000;

/** Who was removed from which room, until when; forgotten once it no longer matters. */
export class RemovedParticipants {
  private readonly until = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  add(room: string, participantId: string, forMs: number): void {
    this.sweep();
    this.until.set(`${room}\n${participantId}`, this.now() + forMs);
  }

  has(room: string, participantId: string): boolean {
    const until = this.until.get(`${room}\n${participantId}`);
    return until !== undefined && until > this.now();
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, until] of this.until) if (until <= now) this.until.delete(key);
  }
}
