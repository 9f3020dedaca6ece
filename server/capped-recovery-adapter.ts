import { Adapter, SessionAwareAdapter } from 'socket.io-adapter';
import { audienceOf, RecoveryLog } from './recovery-log.js';

/** Where a recovered session's missed messages wait (in `socket.data`) until the server has checked the connection again. */
export const HELD_MESSAGES = 'lifelineHeldMessages';

type Session = Awaited<ReturnType<SessionAwareAdapter['restoreSession']>>;

/** Moves a restored session's missed packets into its data, where they wait for the connection to be authorized again. */
function holdMissedPackets(session: Session): Session {
  if (!session) return session;
  return { ...session, data: { ...(session.data as Record<string, unknown>), [HELD_MESSAGES]: session.missedPackets }, missedPackets: [] };
}

/**
 * The same holding back for an adapter made elsewhere (the Redis Streams adapter of a cluster,
 * whose recovery buffer is its stream, bounded by its `maxLen`).
 */
export function holdingRecoveryAdapter<A extends { restoreSession: SessionAwareAdapter['restoreSession'] }>(create: (nsp: unknown) => A): (nsp: unknown) => A {
  // A plain function, not an arrow: Socket.IO calls the adapter with \`new\`.
  return function holdingAdapter(nsp: unknown) {
    const adapter = create(nsp);
    const restore = adapter.restoreSession.bind(adapter);
    adapter.restoreSession = async (...args) => holdMissedPackets(await restore(...args));
    return adapter;
  };
}

/**
 * Socket.IO's connection-state recovery keeps every relayed message for the whole recovery window
 * (five minutes), so one busy room could hold hundreds of megabytes. This adapter keeps the
 * newest `maxBytes` of them (in a RecoveryLog, compactly) and drops the oldest; a connection
 * that needed a dropped message cannot recover its session and joins afresh, which the SDK
 * handles as any failed recovery.
 *
 * It also holds back what a recovering connection missed: Socket.IO writes those messages to the
 * connection before any middleware runs, so a user whose access was revoked meanwhile would get
 * them. They wait in the socket's data until the server has authorized it again.
 */
export function cappedRecoveryAdapter(maxBytes: number): typeof SessionAwareAdapter {
  return class CappedRecoveryAdapter extends SessionAwareAdapter {
    private readonly log: RecoveryLog;

    constructor(nsp: ConstructorParameters<typeof SessionAwareAdapter>[0]) {
      super(nsp);
      this.log = new RecoveryLog(maxBytes, (this as unknown as { maxDisconnectionDuration: number }).maxDisconnectionDuration);
    }

    /** What the log holds, in characters of JSON (read by the signaling bench's report and the flood tests). */
    get keptBytes(): number {
      return this.log.bytes;
    }

    get keptMessages(): number {
      return this.log.size;
    }

    override async restoreSession(pid: string, offset: string): ReturnType<SessionAwareAdapter['restoreSession']> {
      // The base class's session bookkeeping (persistSession, its expiry timer) is kept; only
      // the messages come from the log, the base class's own list staying empty.
      const sessions = (this as unknown as { sessions: Map<string, SessionToRestore> }).sessions;
      const session = sessions.get(pid);
      if (!session) return NO_SESSION;
      if (session.disconnectedAt + (this as unknown as { maxDisconnectionDuration: number }).maxDisconnectionDuration < Date.now()) {
        sessions.delete(pid);
        return NO_SESSION;
      }
      const missed = this.log.since(offset, session.rooms);
      if (missed === null) return NO_SESSION;
      const { disconnectedAt: _, ...restored } = session;
      return holdMissedPackets({ ...restored, missedPackets: missed.map((json) => JSON.parse(json) as unknown[]) } as NonNullable<Session>);
    }

    override broadcast(packet: Parameters<SessionAwareAdapter['broadcast']>[0], opts: Parameters<SessionAwareAdapter['broadcast']>[1]): void {
      // What Socket.IO keeps (its SessionAwareAdapter's rule): events without an ack, not volatile.
      const kept = packet.type === 2 && packet.id === undefined && opts.flags?.volatile === undefined;
      if (kept) {
        // The id goes last in the data: the client sends back the last one it processed.
        packet.data.push(this.log.nextId());
        this.log.push(JSON.stringify(packet.data), audienceOf(opts));
      }
      // Past the base class's broadcast, which would keep the message a second time its own way.
      Adapter.prototype.broadcast.call(this, packet, opts);
    }
  };
}

/** Socket.IO types a session that cannot be restored as a session, yet expects null. */
const NO_SESSION = null as unknown as Session;

type SessionToRestore = { rooms: string[]; disconnectedAt: number } & Record<string, unknown>;
