export { LifelineErrorEvent } from './error-event.js';
export { LifelineIncomingCallEvent } from './incoming-call-event.js';
export { LifelineParticipantJoinedEvent } from './participant-joined-event.js';
export { LifelineParticipantLeftEvent } from './participant-left-event.js';
export { LifelineStateChangeEvent } from './state-change-event.js';
export { LifelineQualityEvent } from './quality-event.js';
export { LifelineRecoveryEvent } from './recovery-event.js';
export { LifelineSoundCheckEvent } from './sound-check-event.js';
