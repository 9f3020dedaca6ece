import type { CallError, CallErrorCode } from '../errors.js';
import type { TrackKind } from './device-kinds.js';
import type { DeviceInfo, DeviceList, MediaDevicesLike } from './devices.js';

// The DeviceManager's contract with the engine and hosts: its options, events and choices.

/** What the person chose. Only their own choices change it, never a device swap or a processed track. */
export interface DeviceSelection {
  camera?: string;
  microphone?: string;
  speaker?: string;
}

/**
 * What the device manager did about a device that went away, or came back: codes and the
 * device, which the elements' strings tables put in words.
 */
export interface DeviceRecoveryEvent {
  kind: TrackKind;
  /** `switched`: another device took over. `stopped`: none is left. `restored`: a device is back. */
  action: 'switched' | 'stopped' | 'restored';
  /** The device that went away (switched, stopped). */
  lostDeviceId: string | null;
  /** The device now in use (switched, restored). */
  device: DeviceInfo | null;
  /** Why no device is left (stopped): `media_device_lost`, or `media_not_allowed` when access was taken away. */
  code?: CallErrorCode;
}

export type DeviceManagerEvents = {
  /** The device list changed (plugged, unplugged, labels granted). */
  devices: (list: DeviceList) => void;
  /** The local stream, or a track in it, changed. The stream object stays the same during a call. */
  'local-stream': (stream: MediaStream | null) => void;
  'device-recovery': (event: DeviceRecoveryEvent) => void;
  selection: (selection: DeviceSelection) => void;
  error: (error: CallError) => void;
};

/** Puts a track on every peer connection (RTCRtpSender.replaceTrack: no renegotiation). */
export type TrackSender = (kind: TrackKind, track: MediaStreamTrack | null) => Promise<void>;

export interface DeviceManagerOptions {
  /** The browser's `navigator.mediaDevices` unless given. */
  mediaDevices?: MediaDevicesLike;
  /** `devicechange` fires several times per plug; act once it has been quiet this long. */
  deviceChangeDebounceMs?: number;
}

export const DEFAULT_DEVICE_MANAGER_OPTIONS: Readonly<Required<Omit<DeviceManagerOptions, 'mediaDevices'>>> = Object.freeze({
  deviceChangeDebounceMs: 1_000,
});
