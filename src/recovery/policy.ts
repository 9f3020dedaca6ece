import { CallError } from '../errors.js';

/**
 * Every timing of the health monitor and the recovery ladder, in milliseconds unless named
 * otherwise. The defaults aim at: media loss noticed within 4 s, media back within 3 s of a
 * fault ending, and a call given up only after 60 s without any network.
 */
export interface RecoveryPolicy {
  /** How often each peer is pinged through signaling. */
  heartbeatIntervalMs: number;
  /** Pings in a row without an answer before the peer counts as unreachable over signaling. */
  heartbeatMissLimit: number;
  /** How often `getStats()` is sampled per peer. */
  statsIntervalMs: number;
  /** Bad samples in a row before `suspect` becomes `degraded`. */
  degradedAfterSamples: number;
  /** A new connection may stay silent this long after it starts before silence counts as trouble. */
  warmupMs: number;
  /** Time in trouble before the caller restarts ICE. */
  iceRestartAfterMs: number;
  /** Time between further ICE restarts while the trouble lasts. */
  iceRestartIntervalMs: number;
  /** Time in trouble before the caller rebuilds the peer connection (RESTART_CALL). */
  fullRestartAfterMs: number;
  /** Time between further full restarts. */
  fullRestartIntervalMs: number;
  /** Time in trouble, with this side's network up, before the caller ends the call. */
  giveUpMs: number;
  /** The same for the callee, longer, since the caller drives recovery. */
  calleeGiveUpMs: number;
  /** Time without any network (signaling down or offline) before the engine ends every call. */
  networkGiveUpMs: number;
}

export const DEFAULT_RECOVERY_POLICY: Readonly<RecoveryPolicy> = Object.freeze({
  heartbeatIntervalMs: 2_500,
  heartbeatMissLimit: 2,
  statsIntervalMs: 1_000,
  degradedAfterSamples: 2,
  warmupMs: 8_000,
  iceRestartAfterMs: 1_500,
  iceRestartIntervalMs: 2_000,
  fullRestartAfterMs: 12_000,
  fullRestartIntervalMs: 10_000,
  giveUpMs: 60_000,
  calleeGiveUpMs: 75_000,
  networkGiveUpMs: 60_000,
});

/** The defaults with a host's overrides, each checked: a typo must not silently disable recovery. */
export function resolveRecoveryPolicy(overrides: Partial<RecoveryPolicy> = {}): RecoveryPolicy {
  const policy: RecoveryPolicy = { ...DEFAULT_RECOVERY_POLICY };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (!(key in DEFAULT_RECOVERY_POLICY)) throw new CallError('invalid_config', `recovery.${key} is not a recovery setting.`);
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new CallError('invalid_config', `recovery.${key} must be a number of 0 or more, not ${JSON.stringify(value)}.`);
    }
    policy[key as keyof RecoveryPolicy] = value;
  }
  if (policy.statsIntervalMs < 100 || policy.heartbeatIntervalMs < 100) {
    throw new CallError('invalid_config', 'recovery.statsIntervalMs and recovery.heartbeatIntervalMs must be at least 100 ms.');
  }
  if (policy.degradedAfterSamples < 1 || policy.heartbeatMissLimit < 1) {
    throw new CallError('invalid_config', 'recovery.degradedAfterSamples and recovery.heartbeatMissLimit must be at least 1.');
  }
  return policy;
}
