import type { DeviceRecoveryEvent } from '../../src/index.js';

/**
 * Fired when a device in use went away or came back, with what was done about it: another
 * device took over (`switched`), none is left (`stopped`), or one is back (`restored`).
 */
export class LifelineDeviceRecoveryEvent extends Event {
  static readonly eventName = 'lifeline-device-recovery';
  readonly detail: DeviceRecoveryEvent;

  constructor(recovery: DeviceRecoveryEvent) {
    super(LifelineDeviceRecoveryEvent.eventName, { bubbles: true, composed: true });
    this.detail = recovery;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lifeline-device-recovery': LifelineDeviceRecoveryEvent;
  }
}
