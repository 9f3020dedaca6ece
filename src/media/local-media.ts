import { CallError, type CallErrorCode } from '../errors.js';

export interface MediaRequest {
  audio: boolean;
  video: boolean;
}

const MEDIA_ERRORS: Record<string, [CallErrorCode, string]> = {
  NotAllowedError: ['media_not_allowed', 'Access to the camera or microphone was denied. Allow it in the browser\'s site settings and try again.'],
  SecurityError: ['media_not_allowed', 'This page may not use the camera or microphone (it must be served over HTTPS).'],
  NotFoundError: ['media_not_found', 'No camera or microphone was found. Plug one in and try again.'],
  NotReadableError: ['media_not_readable', 'The camera or microphone is in use by another application. Close it and try again.'],
  AbortError: ['media_not_readable', 'The camera or microphone could not be started. Close other applications using it and try again.'],
  OverconstrainedError: ['media_overconstrained', 'The selected camera or microphone cannot provide what was asked for. Choose another device.'],
};

/** Maps a getUserMedia failure to a CallError a person can act on. */
export function toMediaError(error: unknown): CallError {
  const name = error instanceof Error || (typeof error === 'object' && error !== null) ? String((error as { name?: unknown }).name) : '';
  const [code, message] = MEDIA_ERRORS[name] ?? ['media_failed', 'The camera or microphone could not be started.'];
  return new CallError(code, message, { cause: error });
}

/** Asks for the camera and/or microphone the call needs. */
export async function acquireLocalMedia(request: MediaRequest): Promise<MediaStream> {
  if (!request.audio && !request.video) return new MediaStream();
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new CallError('media_not_allowed', 'This browser does not allow camera or microphone access here (HTTPS is required).');
  }
  try {
    return await navigator.mediaDevices.getUserMedia({
      audio: request.audio ? { echoCancellation: true, noiseSuppression: true } : false,
      video: request.video ? { width: { ideal: 640 }, height: { ideal: 480 } } : false,
    });
  } catch (error) {
    throw toMediaError(error);
  }
}
