/**
 * Every error Lifeline reports carries one of these codes. The README lists them with what a
 * person can do about each; keep the two in step.
 */
export type CallErrorCode =
  | 'invalid_config'
  | 'invalid_ice_config'
  | 'ice_config_unavailable'
  | 'invalid_message'
  | 'message_too_large'
  | 'unsupported_version'
  | 'not_joined'
  | 'peer_not_found'
  | 'already_in_room'
  | 'room_full'
  | 'not_authorized'
  | 'signaling_unreachable'
  | 'signaling_timeout'
  | 'signaling_closed'
  | 'rate_limited'
  | 'too_many_connections'
  | 'service_unavailable'
  | 'removed'
  | 'denied'
  | 'room_ended'
  | 'not_permitted'
  | 'token_missing'
  | 'token_invalid'
  | 'token_expired'
  | 'token_not_yet_valid'
  | 'token_wrong_room'
  | 'token_wrong_participant'
  | 'connection_lost'
  | 'media_not_allowed'
  | 'media_not_found'
  | 'media_not_readable'
  | 'media_overconstrained'
  | 'media_failed'
  | 'media_device_lost'
  | 'media_output_unsupported'
  | 'screen_share_cancelled'
  | 'screen_share_unsupported'
  | 'screen_share_failed'
  | 'recording_unsupported'
  | 'recording_failed'
  | 'call_declined'
  | 'ring_timeout'
  | 'invalid_state'
  | 'negotiation_failed'
  | 'recording_storage_full'
  | 'recording_upload_failed'
  | 'sdk_unavailable'
  | 'destroyed';

export class CallError extends Error {
  override readonly name = 'CallError';
  readonly code: CallErrorCode;

  constructor(code: CallErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isCallError(value: unknown): value is CallError {
  return value instanceof CallError;
}
