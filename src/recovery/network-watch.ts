import type { TransportStatus } from '../signaling/transport.js';
import type { NetworkLoss } from './types.js';

/**
 * This side's network as the recovery ladder needs it: up only while the signaling transport is
 * connected and the browser believes it is online. `navigator.onLine` alone is too hopeful
 * (it is true on a dead Wi-Fi) and the transport alone too slow (a socket notices a dead
 * network only at its next heartbeat), so both count.
 */
export class NetworkWatch {
  private readonly onChange = () => this.notify();

  constructor(
    /** The transport's status as its owner knows it; read, not copied, so the two never disagree. */
    private readonly transport: () => TransportStatus,
    private readonly listener: (up: boolean, loss: NetworkLoss) => void,
  ) {
    globalThis.addEventListener?.('online', this.onChange);
    globalThis.addEventListener?.('offline', this.onChange);
  }

  /** Call after the transport's status changed. */
  transportChanged(): void {
    this.notify();
  }

  dispose(): void {
    globalThis.removeEventListener?.('online', this.onChange);
    globalThis.removeEventListener?.('offline', this.onChange);
  }

  /** Tells the listener whether the network is up now, and if not, why. */
  private notify(): void {
    const offline = globalThis.navigator?.onLine === false;
    this.listener(!offline && this.transport() === 'connected', offline ? 'offline' : 'signaling-lost');
  }
}
