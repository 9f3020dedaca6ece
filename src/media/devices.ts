import { CallError } from '../errors.js';
import { DEVICE_OF_BROWSER_KIND, LIST_OF_DEVICE, onlyKind, type DeviceKind, type DeviceListKey, type TrackKind } from './device-kinds.js';
import { toMediaError } from './media-errors.js';

/**
 * The part of `navigator.mediaDevices` Lifeline uses. A host can pass its own (virtual
 * devices, a device layer in a native shell); by default it is the browser's.
 */
export interface MediaDevicesLike {
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>;
  enumerateDevices(): Promise<MediaDeviceInfo[]>;
  /** A screen share's capture; the browser's is used where the layer has none. */
  getDisplayMedia?(options: DisplayMediaStreamOptions): Promise<MediaStream>;
  addEventListener?(type: 'devicechange', listener: () => void): void;
  removeEventListener?(type: 'devicechange', listener: () => void): void;
}

export interface DeviceInfo {
  id: string;
  kind: DeviceKind;
  /** Never empty: a numbered name ("Camera 2") stands in until the browser gives real ones. */
  label: string;
  groupId: string;
}

export interface DeviceList extends Record<DeviceListKey, DeviceInfo[]> {
  cameras: DeviceInfo[];
  microphones: DeviceInfo[];
  speakers: DeviceInfo[];
  /** Whether the labels are the browser's own (false: permission not granted, numbered names). */
  labelled: boolean;
}

/** The devices of one kind in a list. */
export function devicesOfKind(list: DeviceList, kind: DeviceKind): DeviceInfo[] {
  return list[LIST_OF_DEVICE[kind]];
}

export function browserMediaDevices(): MediaDevicesLike {
  const devices = globalThis.navigator?.mediaDevices;
  if (!devices?.getUserMedia) {
    throw new CallError('media_not_allowed', 'This browser does not allow camera or microphone access here: the page must be served over HTTPS.');
  }
  return devices;
}

function toDeviceList(infos: MediaDeviceInfo[]): DeviceList {
  const list: DeviceList = { cameras: [], microphones: [], speakers: [], labelled: true };
  for (const info of infos) {
    const kind: DeviceKind | undefined = DEVICE_OF_BROWSER_KIND[info.kind];
    // Before permission Firefox lists one device per kind with an empty id: nothing to pick yet.
    if (!kind || !info.deviceId) continue;
    const bucket = devicesOfKind(list, kind);
    if (!info.label) list.labelled = false;
    const numbered = `${kind[0]!.toUpperCase()}${kind.slice(1)} ${bucket.length + 1}`;
    bucket.push({ id: info.deviceId, kind, label: info.label || numbered, groupId: info.groupId });
  }
  return list;
}

/**
 * Lists cameras, microphones and speakers. Browsers hide labels (Firefox also ids) until the
 * page has been granted a device, so when they are missing and `askPermission` allows (true, or
 * per kind), this opens the missing kinds for a moment and lists again: pickers never show blank names.
 */
export async function listDevices(devices: MediaDevicesLike, askPermission: boolean | Record<TrackKind, boolean> = true): Promise<DeviceList> {
  const infos = await devices.enumerateDevices();
  const ask = typeof askPermission === 'boolean' ? { audio: askPermission, video: askPermission } : askPermission;
  const unlabelled = (kind: MediaDeviceKind) => infos.some((d) => d.kind === kind && (!d.label || !d.deviceId));
  const audio = ask.audio && unlabelled('audioinput');
  const video = ask.video && unlabelled('videoinput');
  if (!audio && !video) return toDeviceList(infos);
  try {
    const stream = await devices.getUserMedia({ audio, video });
    stream.getTracks().forEach((track) => track.stop());
  } catch {
    // Denied or absent: the numbered names stand; the picker still works by id once granted.
    return toDeviceList(infos);
  }
  return toDeviceList(await devices.enumerateDevices());
}

/** iPhone and iPad (which reports itself as a Mac with touch): device ids are unstable there. */
export function isIosLike(nav: Pick<Navigator, 'userAgent' | 'platform' | 'maxTouchPoints'> | undefined = globalThis.navigator): boolean {
  if (!nav) return false;
  return /iPad|iPhone|iPod/.test(nav.userAgent) || (nav.platform === 'MacIntel' && nav.maxTouchPoints > 1);
}

/**
 * The constraints for one kind of track. A device the person picks is asked for exactly (they get
 * what they picked or a clear error); at the start of a call a remembered choice is only
 * `ideal`, so a device unplugged since falls back to the default. On iOS-like devices ids change
 * between sessions: there the front camera (`facingMode: 'user'`) is asked for, the id a hint.
 */
export function trackConstraints(
  kind: TrackKind,
  deviceId: string | undefined,
  match: 'exact' | 'ideal' = 'exact',
  iosLike = isIosLike(),
): MediaTrackConstraints {
  const device = deviceId ? { deviceId: { [iosLike && kind === 'video' ? 'ideal' : match]: deviceId } } : {};
  if (kind === 'audio') return { echoCancellation: true, noiseSuppression: true, ...device };
  const size = { width: { ideal: 640 }, height: { ideal: 480 } };
  return { ...size, ...(iosLike ? { facingMode: 'user' } : {}), ...device };
}

/** Opens one track of one kind from a device (or the default), as a typed error on failure. */
export async function openTrack(devices: MediaDevicesLike, kind: TrackKind, deviceId?: string): Promise<MediaStreamTrack> {
  const constraints: MediaStreamConstraints = { [kind]: trackConstraints(kind, deviceId) };
  let stream: MediaStream;
  try {
    stream = await devices.getUserMedia(constraints);
  } catch (error) {
    throw toMediaError(error, onlyKind(kind));
  }
  const [track, ...extra] = kind === 'audio' ? stream.getAudioTracks() : stream.getVideoTracks();
  extra.forEach((t) => t.stop());
  if (!track) throw toMediaError({ name: 'NotFoundError' }, onlyKind(kind));
  return track;
}

/** The device a track comes from, if the browser says (synthetic tracks have none). */
export function trackDeviceId(track: MediaStreamTrack | null | undefined): string | undefined {
  return track?.getSettings?.().deviceId || undefined;
}
