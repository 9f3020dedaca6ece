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
  /**
   * ICE configs (each with fresh TURN credentials) per minute from one address. The SDK fetches
   * one per join, on a timer before the credentials expire, and before each ICE restart.
   */
  iceConfigsPerMinute: number;
  /** Recordings started per minute from one address. */
  recordingsPerMinute: number;
}

/**
 * Generous for an office or a clinic behind one NAT address (a few dozen people), tight for a
 * script. Behind a proxy, give the server `clientAddress` so it sees people, not the proxy.
 */
export const DEFAULT_ADDRESS_LIMITS: Readonly<AddressLimits> = Object.freeze({
  connections: 50,
  joinsPerMinute: 120,
  iceConfigsPerMinute: 120,
  recordingsPerMinute: 20,
});

export type AddressRefusal = 'too_many_connections' | 'rate_limited';

/**
 * So many requests a minute per address, sustained, and as many at once. An address whose
 * bucket has refilled is forgotten, so the map holds only the addresses busy now.
 */
export class RatePerAddress {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly sweep: ReturnType<typeof setInterval>;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.sweep = setInterval(() => {
      for (const [address, bucket] of this.buckets) if (bucket.available() >= perMinute) this.buckets.delete(address);
    }, 60_000);
    this.sweep.unref?.();
  }

  /** Takes one request for `address`; false when its minute is spent. */
  allow(address: string): boolean {
    if (!this.allows(address)) return false;
    this.buckets.get(address)?.take(1);
    return true;
  }

  /** Whether `address` has a request left in its minute; takes nothing. */
  allows(address: string): boolean {
    let bucket = this.buckets.get(address);
    if (!bucket) {
      bucket = new TokenBucket(this.perMinute / 60, this.perMinute, this.now);
      this.buckets.set(address, bucket);
    }
    return bucket.available() >= 1;
  }

  close(): void {
    clearInterval(this.sweep);
  }
}

/** Counts open connections and recent joins per address. */
export class AddressLedger {
  private readonly open = new Map<string, number>();
  private readonly joins: RatePerAddress;

  constructor(
    private readonly limits: AddressLimits,
    now?: () => number,
  ) {
    this.joins = new RatePerAddress(limits.joinsPerMinute, now);
  }

  /** Why `address` may not join now, if it may not; takes nothing. */
  check(address: string): AddressRefusal | null {
    if ((this.open.get(address) ?? 0) >= this.limits.connections) return 'too_many_connections';
    if (!this.joins.allows(address)) return 'rate_limited';
    return null;
  }

  /** Takes one join for `address`, or says why not. On success the connection counts as open until `release`. */
  admit(address: string): AddressRefusal | null {
    const refused = this.check(address);
    if (refused) return refused;
    this.joins.allow(address);
    this.open.set(address, (this.open.get(address) ?? 0) + 1);
    return null;
  }

  release(address: string): void {
    const count = (this.open.get(address) ?? 0) - 1;
    if (count > 0) this.open.set(address, count);
    else this.open.delete(address);
  }

  close(): void {
    this.joins.close();
  }
}
