import type { CallState } from '../call-engine-types.js';
import type { TransportStatus } from '../signaling/transport.js';
import type { Call } from './call-manager.js';

/** Where the engine is in its own life, apart from what the calls are doing. */
export type EnginePhase = 'idle' | 'joining' | 'joined' | 'ended';

/**
 * The one state a host sees, derived from the engine's phase, the signaling transport and every
 * call. Trouble anywhere shows as `reconnecting`, so the UI never claims a healthy call that is not.
 */
export function deriveCallState(phase: EnginePhase, transport: TransportStatus, calls: readonly Call[]): CallState {
  if (phase !== 'joined') return phase === 'joining' ? 'joining' : phase;
  if (transport !== 'connected') return 'reconnecting';
  const peerStates = calls.map((call) => call.peer?.state);
  if (peerStates.some((s) => s === 'disconnected' || s === 'failed')) return 'reconnecting';
  if (peerStates.includes('connected')) return 'connected';
  if (calls.some((call) => call.phase !== 'ringing-in')) return 'connecting';
  return 'waiting';
}
