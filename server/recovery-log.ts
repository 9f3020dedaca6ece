import { randomBytes } from 'node:crypto';

/**
 * Who a kept message was for: one room (a socket's own room, the usual case) as its name, or
 * the rooms and exceptions of a broadcast.
 */
export type Audience = string | { readonly rooms: readonly string[]; readonly except: readonly string[] };

/** The Set-based options Socket.IO broadcasts with, reduced to what a restore needs. */
export function audienceOf(opts: { rooms: ReadonlySet<string>; except?: ReadonlySet<string> }): Audience {
  const except = opts.except ?? new Set<string>();
  // The room's name is the string the socket already holds: keeping it costs no new object.
  if (opts.rooms.size === 1 && except.size === 0) return opts.rooms.values().next().value as string;
  return { rooms: [...opts.rooms], except: [...except] };
}

/** Whether a session in `rooms` should get a message sent to `audience` (Socket.IO's rule). */
export function reaches(audience: Audience, rooms: readonly string[]): boolean {
  if (typeof audience === 'string') return rooms.includes(audience);
  const included = audience.rooms.length === 0 || rooms.some((room) => audience.rooms.includes(room));
  return included && rooms.every((room) => !audience.except.includes(room));
}

/** Dropping from the front copies the arrays only once this many slots are dead, and half of them. */
const COMPACT_AFTER = 4_096;

/**
 * The messages kept for recovering connections, oldest first, bounded by bytes and by age.
 *
 * Why not Socket.IO's own list: it keeps each message as an object with its broadcast options
 * (two Sets), a random id and a timestamp, ten heap objects that all live long enough to be
 * promoted and then die in the old generation. At 5,000 participants that churn drove a full
 * mark-compact every few seconds, and each one stalled relaying for 100-250 ms. Here a message
 * costs its JSON string and three array slots: the id is the process's prefix and the
 * message's sequence number, so it is rebuilt rather than stored, the audience is usually a
 * room name the socket already holds, and times are whole seconds, which the heap keeps unboxed.
 */
export class RecoveryLog {
  /** Ids of this log start with this: an offset from another process, or an older one, is not ours. */
  private readonly prefix = `${randomBytes(4).toString('hex')}.`;
  private readonly epochMs = Date.now();
  private readonly json: string[] = [];
  private readonly audiences: Audience[] = [];
  private readonly keptAtS: number[] = [];
  /** Index of the oldest live entry in the arrays; the slots before it are dead. */
  private head = 0;
  /** Sequence number of the entry at `head`. */
  private firstSeq = 0;
  /** Characters of JSON kept (JSON is mostly ASCII: close to bytes, and what the cap counts). */
  bytes = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.json.length - this.head;
  }

  /** The id the next message will get: Socket.IO appends it to the message, and a recovering client sends back the last it saw. */
  nextId(): string {
    return this.prefix + (this.firstSeq + this.size).toString(36);
  }

  /** Keeps a message (`json` of its data, id included) after dropping what has expired or no longer fits. */
  push(json: string, audience: Audience): void {
    this.json.push(json);
    this.audiences.push(audience);
    this.keptAtS.push(this.secondsNow());
    this.bytes += json.length;
    this.dropExpired();
    // Over the cap: drop the oldest down to 7/8 of it, so a full log does not drop on every message.
    if (this.bytes > this.maxBytes) this.dropOldestWhile(() => this.bytes > this.maxBytes * 0.875 && this.size > 1);
  }

  /** The JSON of every message after `offset` that reaches `rooms`; null when `offset` is not in the log (too old, or not ours). */
  since(offset: string, rooms: readonly string[]): string[] | null {
    if (!offset.startsWith(this.prefix)) return null;
    const seq = parseInt(offset.slice(this.prefix.length), 36);
    if (!Number.isSafeInteger(seq) || seq < this.firstSeq || seq >= this.firstSeq + this.size) return null;
    this.dropExpired();
    if (seq < this.firstSeq) return null;
    const missed: string[] = [];
    for (let i = this.head + (seq - this.firstSeq) + 1; i < this.json.length; i++) {
      if (reaches(this.audiences[i], rooms)) missed.push(this.json[i]);
    }
    return missed;
  }

  private secondsNow(): number {
    return Math.floor((this.now() - this.epochMs) / 1000);
  }

  private dropExpired(): void {
    // Whole seconds: a message is kept up to a second past its age, never less.
    const oldest = this.secondsNow() - Math.ceil(this.maxAgeMs / 1000);
    this.dropOldestWhile(() => this.size > 0 && this.keptAtS[this.head] < oldest);
  }

  private dropOldestWhile(more: () => boolean): void {
    while (more()) {
      this.bytes -= this.json[this.head].length;
      // Let the string go now, not at the next compaction.
      this.json[this.head] = '';
      this.audiences[this.head] = '';
      this.head++;
      this.firstSeq++;
    }
    if (this.head >= COMPACT_AFTER && this.head * 2 >= this.json.length) {
      this.json.splice(0, this.head);
      this.audiences.splice(0, this.head);
      this.keptAtS.splice(0, this.head);
      this.head = 0;
    }
  }
}
