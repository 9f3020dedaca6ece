import { SessionAwareAdapter } from 'socket.io-adapter';

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
 * newest `maxBytes` of them and drops the oldest; a connection that needed a dropped message
 * cannot recover its session and joins afresh, which the SDK handles as any failed recovery.
 *
 * It also holds back what a recovering connection missed: Socket.IO writes those messages to the
 * connection before any middleware runs, so a user whose access was revoked meanwhile would get
 * them. They wait in the socket's data until the server has authorized it again.
 */
export function cappedRecoveryAdapter(maxBytes: number): typeof SessionAwareAdapter {
  return class CappedRecoveryAdapter extends SessionAwareAdapter {
    override async restoreSession(...args: Parameters<SessionAwareAdapter['restoreSession']>): ReturnType<SessionAwareAdapter['restoreSession']> {
      const session = await super.restoreSession(...args);
      if (session) session.missedPackets = session.missedPackets.map((data) => (typeof data === 'string' ? JSON.parse(data) : data));
      return holdMissedPackets(session);
    }

    /** The kept messages oldest first, with their sizes; the base class also drops expired ones from the front. */
    private readonly kept: { entry: unknown; bytes: number }[] = [];
    private keptBytes = 0;

    override broadcast(...args: Parameters<SessionAwareAdapter['broadcast']>): void {
      const packets = (this as unknown as { packets: unknown[] }).packets;
      const before = packets.length;
      super.broadcast(...args);
      if (packets.length === before) return; // not kept (acknowledged or volatile)
      // Kept as the JSON it is counted by: one flat string per message instead of its object
      // tree, which the garbage collector had to copy and trace on every pass (a busy node
      // spent 15 % of its CPU there) and which took three times the cap in heap.
      const entry = packets[packets.length - 1] as { data: unknown };
      const json = JSON.stringify(entry.data);
      entry.data = json;
      const bytes = json.length;
      this.kept.push({ entry, bytes });
      this.keptBytes += bytes;
      // What the base class expired on its timer is gone from the front of `packets` already:
      // the two lists grow together, so the difference in length is what expired.
      this.dropOldest(this.kept.length - packets.length, packets, false);
      if (this.keptBytes <= maxBytes) return;
      // Over the cap: drop the oldest down to 7/8 of it in one go. Dropping one message per
      // broadcast would copy the whole list each time once it is long (tens of thousands).
      let drop = 0;
      for (let bytes = this.keptBytes; bytes > maxBytes * 0.875 && drop < this.kept.length - 1; drop++) bytes -= this.kept[drop].bytes;
      this.dropOldest(drop, packets, true);
    }

    private dropOldest(count: number, packets: unknown[], fromPackets: boolean): void {
      if (count <= 0) return;
      for (let i = 0; i < count; i++) this.keptBytes -= this.kept[i].bytes;
      this.kept.splice(0, count);
      if (fromPackets) packets.splice(0, count);
    }
  };
}
