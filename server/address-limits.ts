import { TokenBucket } from './connection-limits.js';

/**
 * What one client address may hold and do: without these, one machine could open hundreds of
 * sockets in hundreds of rooms, or knock on rooms as fast as it likes.
 */
export interface AddressLimits {
  /** Open signaling connections at once from one address. */
  connections: number;
  /** Joins (handshakes admitted) per minute from one address, sustained; as many at once. */
  joinsPerMinute: number;
}

/**
 * Generous for an office or a clinic behind one NAT address (a few dozen people), tight for a
 * script. Behind a proxy, give the server `clientAddress` so it sees people, not the proxy.
 */
export const DEFAULT_ADDRESS_LIMITS: Readonly<AddressLimits> = Object.freeze({ connections: 50, joinsPerMinute: 120 });

export type AddressRefusal = 'too_many_connections' | 'rate_limited';

/** Counts open connections and recent joins per address; forgets an address once it is idle. */
export class AddressLedger {
  private readonly open = new Map<string, number>();
  private readonly joins = new Map<string, TokenBucket>();
  private readonly sweep: ReturnType<typeof setInterval>;

  constructor(
    private readonly limits: AddressLimits,
    private readonly now: () => number = () => performance.now(),
  ) {
    // A bucket that has refilled is the same as none: drop it, so the map holds only busy addresses.
    this.sweep = setInterval(() => {
      for (const [address, bucket] of this.joins) if (bucket.available() >= limits.joinsPerMinute && !this.open.has(address)) this.joins.delete(address);
    }, 60_000);
    this.sweep.unref?.();
  }

  /** Takes one join for `address`, or says why not. On success the connection counts as open until `release`. */
  admit(address: string): AddressRefusal | null {
    if ((this.open.get(address) ?? 0) >= this.limits.connections) return 'too_many_connections';
    let bucket = this.joins.get(address);
    if (!bucket) {
      bucket = new TokenBucket(this.limits.joinsPerMinute / 60, this.limits.joinsPerMinute, this.now);
      this.joins.set(address, bucket);
    }
    if (bucket.available() < 1) return 'rate_limited';
    bucket.take(1);
    this.open.set(address, (this.open.get(address) ?? 0) + 1);
    return null;
  }

  release(address: string): void {
    const count = (this.open.get(address) ?? 0) - 1;
    if (count > 0) this.open.set(address, count);
    else this.open.delete(address);
  }

  close(): void {
    clearInterval(this.sweep);
  }
}
