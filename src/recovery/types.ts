// What the recovery plane tells hosts: the steps of the ladder and the quality of each link.

/**
 * Where one call stands on the recovery ladder. `suspect` is a single bad sample (debounce);
 * from `degraded` on the host shows the call as `reconnecting`.
 */
export type RecoveryStep = 'healthy' | 'suspect' | 'degraded' | 'ice-restart' | 'full-restart' | 'waiting-for-network' | 'ended';

/** How this side lost its network: the signaling transport dropped, or the browser went offline. */
export type NetworkLoss = 'signaling-lost' | 'offline';

/** Why the ladder took a step; stable codes a UI can translate. */
export type RecoveryReason =
  | 'recovered'
  | 'media-stalled'
  | 'connection-disconnected'
  | 'connection-failed'
  | 'peer-unreachable'
  | 'signaling-lost'
  | 'offline'
  | 'restart-requested'
  | 'network-lost'
  | 'peer-lost'
  | 'media-unrecoverable';

/** One step of one call's recovery, as codes and numbers: the elements' strings tables put it in words. */
export interface RecoveryEvent {
  participantId: string;
  step: RecoveryStep;
  reason: RecoveryReason;
  /** How long this call has been in trouble, by the ladder's clock (0 when healthy). */
  elapsedMs: number;
  /** While waiting or restarting: how much longer the ladder keeps trying before it ends the call. */
  giveUpInMs?: number;
}

export type QualityLevel = 'good' | 'fair' | 'poor' | 'lost';

/** One link's quality, summarised about once a second. */
export interface QualityReport {
  participantId: string;
  level: QualityLevel;
  /** Packets lost in the last interval, either direction, as a percentage (0-100). */
  packetLossPercent: number;
  /** Round trip time of the media path, or null before the first measurement. */
  roundTripTimeMs: number | null;
  /** Inbound jitter, or null when nothing is received. */
  jitterMs: number | null;
  /** The browser's estimate of the bits per second it may send, or null where it has none (Firefox). */
  availableOutgoingBitrate: number | null;
  /** Media bytes per second in each direction over the last interval. */
  bytesReceivedPerSecond: number;
  bytesSentPerSecond: number;
}
