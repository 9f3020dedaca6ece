import { CallError, type CallEngine } from '../../src/index.js';
import { LifelineErrorEvent } from '../events/error-event.js';
import type { HostActions } from './host-controls.js';

// What `<video-call>` and `<voice-call>` show only once they are in a call: the recovery banner,
// the device notice, the recording indicator and its controller, the incoming-call prompt, the
// waiting room's knock and a host's controls, with their styles. A page has no use for them
// before its first join, so the CDN build fetches them as one chunk when an element gets its
// engine (its join begins), beside the join's own fetches; until they arrive the element shows
// the status line alone, and nothing they show can happen before a call stands.

export { pickBanner, renderRecoveryBanner, type Banner } from './recovery-banner.js';
export { noticeHideAt, pickDeviceNotice, renderDeviceNotice } from './device-notice.js';
export { renderHostBar, renderKnock, renderMuteRequest, renderParticipantActions } from './host-controls.js';
export { renderIncoming } from './incoming-prompt.js';
export { renderRecordingIndicator } from './recording-indicator.js';
export { RecordingController } from '../controllers/recording-controller.js';
export { inCallStyles } from './in-call.styles.js';

/**
 * What the waiting room's and the host's buttons do on `element`'s engine; a refusal
 * (`not_permitted`) or a timeout is fired at the element as lifeline-error.
 */
export function createHostActions(element: HTMLElement & { engine: CallEngine | null }): HostActions {
  const run = (action: (engine: CallEngine) => Promise<void>) => {
    if (!element.engine) return;
    action(element.engine).catch((error: unknown) => {
      const callError = error instanceof CallError ? error : new CallError('signaling_timeout', String(error), { cause: error });
      element.dispatchEvent(new LifelineErrorEvent(callError));
    });
  };
  return {
    admit: (id) => run((engine) => engine.admit(id)),
    deny: (id) => run((engine) => engine.deny(id)),
    requestMute: (id) => run((engine) => engine.access.requestMute(id)),
    remove: (id) => run((engine) => engine.access.remove(id)),
    toggleLock: () => run((engine) => (engine.access.locked ? engine.access.unlock() : engine.access.lock())),
    endForEveryone: () => run((engine) => engine.access.endForEveryone()),
  };
}
