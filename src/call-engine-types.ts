import { v4 as uuidv4 } from 'uuid';
import type { TokenSource } from './access/token-source.js';
import { CallError } from './errors.js';
import type { DeviceRecoveryEvent } from './media/device-manager.js';
import type { MediaDevicesLike } from './media/devices.js';
import { IceConfigSource, type IceConfigInfo } from './peer/ice-config-source.js';
import type { IceConfig } from './peer/rtc-config.js';
import type { RecoveryPolicy } from './recovery/policy.js';
import type { CallState } from './room/call-state.js';
import type { Knock, MuteRequest } from './room/room-access.js';
import type { RoomEvents } from './room/room-events.js';
import type { CallMode } from './room/room-members.js';
import { isValidId } from './signaling/protocol.js';
import type { KnockOutcome } from './signaling/room-protocol.js';
import type { SignalingTransport, TransportStatusChange } from './signaling/transport.js';

export type { CallState } from './room/call-state.js';
export type { IncomingCall } from './room/room-events.js';
export type { CallMode } from './room/room-members.js';

// The CallEngine's contract with hosts: its options (their defaults and checks), its events and its states.

/**
 * Why a call ended: this side left, a host turned it away from the waiting room (`denied`),
 * removed it, or ended the call for everyone; the network was gone too long; or another error.
 */
export type EndedReason = 'left' | 'denied' | 'removed' | 'ended-by-host' | 'connection-lost' | 'error';

export interface CallEngineOptions {
  /** Origin of the reference server; defaults to the page's origin. Ignored with `transport`. */
  signalingUrl?: string;
  /** A transport of the host's own; by default a SocketIoTransport per join. */
  transport?: SignalingTransport;
  /** Stable id from the host app; generated when absent. */
  participantId?: string;
  displayName?: string;
  /** `room`: everyone in the room is connected. `direct`: participants ring each other. */
  mode?: CallMode;
  /** What to ask the browser for. Ignored with `localStream`. */
  media?: { audio: boolean; video: boolean };
  /** A stream the host already has; the engine uses it and never stops its tracks. */
  localStream?: MediaStream;
  /** A device layer of the host's own (virtual devices, a native shell); the browser's by default. */
  mediaDevices?: MediaDevicesLike;
  /** STUN and TURN servers; with `iceConfigUrl`, the fallback when that URL fails. */
  iceConfig?: IceConfig;
  /**
   * An endpoint that answers with this tenant's `IceConfig` and short-lived TURN credentials
   * (the reference server's `/lifeline/ice-config?org=…`); fetched at join and refreshed before
   * the credentials expire and before every ICE restart.
   */
  iceConfigUrl?: string;
  /**
   * The signed join token the host's backend made for this person and room, where the server
   * requires one. It also authorizes TURN credentials and, with the `record` grant, recordings.
   */
  token?: string;
  /** Asked for a join token on join and again shortly before the one in hand expires. */
  tokenProvider?: () => Promise<string>;
  /** How long an outgoing call rings before it gives up (direct mode); see DEFAULT_CALL_ENGINE_OPTIONS. */
  ringTimeoutMs?: number;
  /** Overrides of the recovery timings (see DEFAULT_RECOVERY_POLICY); checked at construction. */
  recovery?: Partial<RecoveryPolicy>;
  logger?: Pick<Console, 'warn'>;
}

/** What an engine does where its options say nothing. */
export const DEFAULT_CALL_ENGINE_OPTIONS = Object.freeze({
  mode: 'room',
  media: Object.freeze({ audio: true, video: true }),
  ringTimeoutMs: 30_000,
} as const satisfies CallEngineOptions);

/**
 * Checks a host's options at construction, where a mistake would otherwise show only at join;
 * gives the participant id to use (a fresh one when the host has none).
 */
export function checkEngineOptions(options: CallEngineOptions): { participantId: string } {
  const participantId = options.participantId ?? uuidv4();
  if (!isValidId(participantId)) {
    throw new CallError('invalid_config', 'participantId must be 1-64 characters of A-Z a-z 0-9 . _ : @ -.');
  }
  if (options.mode !== undefined && options.mode !== 'room' && options.mode !== 'direct') {
    throw new CallError('invalid_config', `mode must be "room" or "direct", not ${JSON.stringify(options.mode)}.`);
  }
  return { participantId };
}

/**
 * Checks what a join takes from the host (the room's name, the ICE config) and gives the join's
 * ICE config source. The host's mistake is reported like any other failure, so elements show
 * it, and thrown: `invalid_config` or `invalid_ice_config`.
 */
export function checkJoin(
  room: string,
  options: CallEngineOptions,
  join: { user: string; tokens: TokenSource; report: (error: CallError) => void },
): IceConfigSource {
  const { user, tokens, report } = join;
  try {
    if (!isValidId(room)) throw new CallError('invalid_config', 'room must be 1-64 characters of A-Z a-z 0-9 . _ : @ -.');
    return new IceConfigSource({ inline: options.iceConfig, url: options.iceConfigUrl, user, token: () => tokens.current() });
  } catch (error) {
    report(error as CallError);
    throw error;
  }
}

/** The room's events (participants, calls, streams, recovery) and the engine's own. */
export type CallEngineEvents = RoomEvents & {
  state: (state: CallState, previous: CallState) => void;
  'local-stream': (stream: MediaStream | null) => void;
  'media-state': (media: { audio: boolean; video: boolean }) => void;
  /** A device in use went away or came back, and what was done about it. */
  'device-recovery': (event: DeviceRecoveryEvent) => void;
  'transport-status': (change: TransportStatusChange) => void;
  /** The ICE config in use: at join, and each time fresh TURN credentials are applied. */
  'ice-config': (info: IceConfigInfo) => void;
  /** Someone knocks at the waiting room (to a host, or the `admit` grant). */
  knock: (knock: Knock) => void;
  /** A knock was answered (`admitted`, `denied`) or the guest gave up (`left`). */
  'knock-ended': (ended: { participantId: string; outcome: KnockOutcome }) => void;
  /** The room was locked (guests knock) or unlocked. */
  'room-lock': (locked: boolean) => void;
  /** A host asked this participant to mute; what they asked is muted already, and can be unmuted. */
  'mute-requested': (request: MuteRequest) => void;
  /** The session is over, and why; the engine can join again. */
  ended: (reason: EndedReason) => void;
  error: (error: CallError) => void;
};
