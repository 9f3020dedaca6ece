import type { RecoveryStep } from '../recovery/types.js';
import type { TransportStatus } from '../signaling/transport.js';
import type { Call } from './call-manager.js';

/** `waiting-room`: knocking at a locked room until a host lets this participant in. */
export type CallState = 'idle' | 'joining' | 'waiting-room' | 'waiting' | 'connecting' | 'connected' | 'reconnecting' | 'ended';

/**
 * Where the engine stands with its room, apart from what the calls are doing: not in one,
 * joining, knocking at the waiting room, in it, or left. (A call's own `phase` is another thing.)
 */
export type RoomStage = 'idle' | 'joining' | 'waiting-room' | 'joined' | 'ended';

/** Ladder steps a person should see as "reconnecting"; `suspect` is only a debounce. */
const TROUBLE: ReadonlySet<RecoveryStep> = new Set(['degraded', 'ice-restart', 'full-restart', 'waiting-for-network']);

/**
 * The one state a host sees, derived from the engine's room stage, the signaling transport, every
 * call and where each stands on its recovery ladder. Trouble in any call shows as
 * `reconnecting`, so the UI never claims a healthy call that is not; a lost signaling
 * connection alone does not, while media still flows.
 */
export function deriveCallState(
  stage: RoomStage,
  transport: TransportStatus,
  calls: readonly Call[],
  stepOf: (participantId: string) => RecoveryStep = () => 'healthy',
): CallState {
  if (stage !== 'joined') return stage;
  const active = calls.filter((call) => call.phase === 'active');
  if (active.some((call) => TROUBLE.has(stepOf(call.remoteId)))) return 'reconnecting';
  const peerStates = active.map((call) => call.peer?.state);
  if (peerStates.some((s) => s === 'disconnected' || s === 'failed')) return 'reconnecting';
  if (peerStates.includes('connected')) return 'connected';
  if (transport !== 'connected') return 'reconnecting';
  if (calls.some((call) => call.phase !== 'ringing-in')) return 'connecting';
  return 'waiting';
}
