import type { DeviceKind } from './device-kinds.js';
import { devicesOfKind, type DeviceInfo, type DeviceList } from './devices.js';

/** Runtime state of one kind of track, apart from the person's choice. */
export interface TrackSlot {
  wanted: boolean;
  enabled: boolean;
  /** The track from a device, and which device it is. */
  device: MediaStreamTrack | null;
  deviceId: string | undefined;
  /** Whether the manager opened the device track (a host's own tracks are never stopped). */
  owned: boolean;
  /** A host's processed track (a virtual background, say), sent in place of the device track. */
  processed: MediaStreamTrack | null;
  /** Bumped by each choice, so only the newest of several quick clicks runs. */
  ticket: number;
}

export function emptySlot(): TrackSlot {
  return { wanted: false, enabled: true, device: null, deviceId: undefined, owned: false, processed: null, ticket: 0 };
}

/** What the call is sent for this kind: a host's processed track over the device's. */
export function sentTrack(slot: TrackSlot): MediaStreamTrack | null {
  return slot.processed ?? slot.device;
}

/**
 * The devices to try, in order, when the one in use ended: the person's choice if it is still
 * there, then any other, the one that failed last (a glitch, not an unplug, leaves it listed).
 */
export function replacementOrder(list: DeviceList, kind: DeviceKind, chosen: string | undefined, lostId: string | null): DeviceInfo[] {
  const rank = (d: DeviceInfo) => (d.id === lostId ? 2 : d.id === chosen ? 0 : 1);
  return [...devicesOfKind(list, kind)].sort((a, b) => rank(a) - rank(b));
}

/**
 * After devices changed: the device to open for a slot, if any. A slot without a device takes
 * the person's choice or the first there is; one with a device moves only to the person's choice
 * plugged back in.
 */
export function deviceToRestore(list: DeviceList, kind: DeviceKind, chosen: string | undefined, slot: TrackSlot): DeviceInfo | undefined {
  const pool = devicesOfKind(list, kind);
  const choice = pool.find((d) => d.id === chosen);
  return slot.device ? (choice && choice.id !== slot.deviceId ? choice : undefined) : (choice ?? pool[0]);
}
