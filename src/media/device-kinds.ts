// The one vocabulary for kinds of media and devices, and the mappings between its words.
// Imports nothing, so every layer (media, peer, signaling, the elements) can share it.

/** A kind of track a call sends and receives. */
export type TrackKind = 'audio' | 'video';
/** A kind of device a person picks. */
export type DeviceKind = 'camera' | 'microphone' | 'speaker';
/** Where a device list keeps each kind of device. */
export type DeviceListKey = 'cameras' | 'microphones' | 'speakers';

export const TRACK_KINDS: readonly TrackKind[] = ['audio', 'video'];

/** The device each kind of track comes from. */
export const DEVICE_OF_TRACK = { audio: 'microphone', video: 'camera' } as const satisfies Record<TrackKind, DeviceKind>;

/** Where a device list keeps each kind of device. */
export const LIST_OF_DEVICE = { camera: 'cameras', microphone: 'microphones', speaker: 'speakers' } as const satisfies Record<DeviceKind, DeviceListKey>;

/** The kind of device each of the browser's `MediaDeviceInfo.kind` values names. */
export const DEVICE_OF_BROWSER_KIND = {
  videoinput: 'camera',
  audioinput: 'microphone',
  audiooutput: 'speaker',
} as const satisfies Record<MediaDeviceKind, DeviceKind>;

/** A media request for one kind of track alone (what getUserMedia is asked for, and what failed). */
export function onlyKind(kind: TrackKind): Record<TrackKind, boolean> {
  return { audio: kind === 'audio', video: kind === 'video' };
}
