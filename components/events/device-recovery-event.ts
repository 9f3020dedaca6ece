import type { DeviceRecoveryEvent } from '../../src/index.js';
import { LifelineEvent } from './lifeline-event.js';

/**
 * Fired when a device in use went away or came back, with what was done about it: another
 * device took over (`switched`), none is left (`stopped`), or one is back (`restored`).
 */
export class LifelineDeviceRecoveryEvent extends LifelineEvent<DeviceRecoveryEvent> {
  static readonly eventName = 'lifeline-device-recovery';

  constructor(recovery: DeviceRecoveryEvent) {
    super(LifelineDeviceRecoveryEvent.eventName, recovery);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lifeline-device-recovery': LifelineDeviceRecoveryEvent;
  }
}
