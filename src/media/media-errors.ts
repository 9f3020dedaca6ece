import { CallError, type CallErrorCode } from '../errors.js';
import { DEVICE_OF_TRACK, TRACK_KINDS, type TrackKind } from './device-kinds.js';

/** Which devices a failed request was for, so the message names the right one. */
export type MediaRequestKinds = Record<TrackKind, boolean>;

function deviceNoun(kinds: MediaRequestKinds): string {
  const asked = TRACK_KINDS.filter((kind) => kinds[kind]);
  return asked.length === 1 ? DEVICE_OF_TRACK[asked[0]!] : 'camera or microphone';
}

type Remedy = (device: string) => string;

const MEDIA_ERRORS: Record<string, [CallErrorCode, Remedy]> = {
  NotAllowedError: [
    'media_not_allowed',
    (d) => `Access to the ${d} was blocked. Allow it in the browser's site settings (the icon beside the address), then try again.`,
  ],
  SecurityError: ['media_not_allowed', (d) => `This page may not use the ${d}: it must be served over HTTPS and allowed by the page.`],
  NotFoundError: ['media_not_found', (d) => `No ${d} was found. Plug one in or switch it on, then try again.`],
  NotReadableError: ['media_not_readable', (d) => `The ${d} is in use by another app. Close the other app using your ${d}, then try again.`],
  AbortError: ['media_not_readable', (d) => `The ${d} could not be started. Close other apps using it, then try again.`],
  OverconstrainedError: ['media_overconstrained', (d) => `The selected ${d} cannot be used with these settings. Choose another ${d}.`],
};

/**
 * Maps a getUserMedia failure to a CallError a person can act on. `kinds` says what was asked
 * for, so the message says "camera" or "microphone" rather than both.
 */
export function toMediaError(error: unknown, kinds: MediaRequestKinds = { audio: true, video: true }): CallError {
  if (error instanceof CallError) return error;
  const name = typeof error === 'object' && error !== null ? String((error as { name?: unknown }).name) : '';
  const device = deviceNoun(kinds);
  const [code, remedy] = MEDIA_ERRORS[name] ?? ['media_failed', (d: string) => `The ${d} could not be started. Try again, or choose another device.`];
  return new CallError(code, remedy(device), { cause: error });
}

/** Hard recovery: the device in use went away and no other of its kind is left. */
export function deviceLostError(kind: TrackKind): CallError {
  const device = DEVICE_OF_TRACK[kind];
  const effect = kind === 'audio' ? 'The others cannot hear you' : 'The others cannot see you';
  return new CallError('media_device_lost', `Your ${device} was disconnected and no other ${device} is available. ${effect}; plug one in and it will be used.`);
}
