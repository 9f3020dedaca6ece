import { CallError, isCallError } from '../errors.js';
import type { JoinWelcome } from '../signaling/transport.js';

/** How the server ending a session ends the call (the engine's EndedReason, in part). */
type EndedByServer = 'denied' | 'removed' | 'ended-by-host' | 'error';

/** How a refusal the server closes a session with ends the call. */
const ENDED_BY: Partial<Record<string, EndedByServer>> = { denied: 'denied', removed: 'removed', room_ended: 'ended-by-host' };

/**
 * What a join's steps (local media, the room's welcome, then the others: the ICE config, the
 * code that runs the calls; run side by side) came to: the welcome, or the first failure as a
 * typed error (a transport's own error as it is).
 */
export function joinOutcome(
  steps: [PromiseSettledResult<unknown>, PromiseSettledResult<JoinWelcome>, ...PromiseSettledResult<unknown>[]],
): JoinWelcome | CallError {
  const [, welcome] = steps;
  const failed = steps.find((step) => step.status === 'rejected');
  if (!failed && welcome.status === 'fulfilled') return welcome.value;
  const failure = (failed as PromiseRejectedResult).reason;
  return isCallError(failure) ? failure : new CallError('signaling_unreachable', String(failure), { cause: failure });
}

/** Why the call ended when the transport gave up for good with `error`. */
export function endedBy(error: CallError): EndedByServer {
  return ENDED_BY[error.code] ?? 'error';
}
