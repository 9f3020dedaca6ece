import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { ServerOptions } from 'socket.io';
import { MAX_PARTICIPANTS } from '../src/signaling/protocol.js';
import { cappedRecoveryAdapter, holdingRecoveryAdapter } from './capped-recovery-adapter.js';
import { RedisRoomStore } from './redis-room-store.js';
import { MemoryRoomStore, type RoomStore } from './room-store.js';
import { DEFAULT_HELD_PLACE_MS, DEFAULT_RECOVERY_BUFFER_BYTES, type SignalingServerOptions } from './signaling-options.js';
import { DEFAULT_MAX_WAITING } from './waiting-room.js';

// Where a server keeps its rooms: in its own memory (one process, the default), or in Redis
// shared with other nodes, with Socket.IO's Redis Streams adapter carrying messages between
// them and keeping what a dropped connection missed for whichever node it comes back to.

/** How many relayed messages the cluster's stream keeps for recovering connections (its `maxLen`). */
export const DEFAULT_CLUSTER_STREAM_LENGTH = 100_000;

export interface RoomState {
  store: RoomStore;
  adapter: ServerOptions['adapter'];
  /** Resolves once the store can answer (Redis reached); at once in memory. */
  ready(): Promise<void>;
  /** Whether the store can answer now. */
  healthy(): boolean;
}

export function roomState(
  options: SignalingServerOptions,
  recoveryWindowMs: number,
  isLive: (socketId: string) => boolean,
  log: (line: string) => void,
): RoomState {
  const shared = {
    maxParticipants: options.maxParticipants ?? MAX_PARTICIPANTS,
    heldPlaceMs: options.heldPlaceMs ?? DEFAULT_HELD_PLACE_MS,
    maxWaiting: options.maxWaiting ?? DEFAULT_MAX_WAITING,
    roomPolicy: options.roomPolicy,
  };
  if (!options.redis) {
    return {
      store: new MemoryRoomStore({ ...shared, isLive }),
      adapter: cappedRecoveryAdapter(options.recoveryBufferBytes ?? DEFAULT_RECOVERY_BUFFER_BYTES),
      ready: async () => {},
      healthy: () => true,
    };
  }
  const prefix = options.redis.keyPrefix ?? 'lifeline:';
  const store = new RedisRoomStore({ ...shared, url: options.redis.url, keyPrefix: prefix, recoveryWindowMs, log });
  const adapter = createAdapter(store.adapterClient, {
    streamName: `${prefix}socket.io`,
    channelPrefix: `${prefix}socket.io`,
    sessionKeyPrefix: `${prefix}session:`,
    maxLen: options.redis.streamLength ?? DEFAULT_CLUSTER_STREAM_LENGTH,
    onlyPlaintext: true,
  });
  return {
    store,
    adapter: holdingRecoveryAdapter(adapter as (nsp: unknown) => ReturnType<typeof adapter>) as unknown as ServerOptions['adapter'],
    ready: () => store.ready(),
    healthy: () => store.connected,
  };
}
