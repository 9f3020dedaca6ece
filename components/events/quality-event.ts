import type { QualityReport } from '../../src/index.js';
import { LifelineEvent } from './lifeline-event.js';

/** Fired about once a second per remote participant with the link's quality. */
export class LifelineQualityEvent extends LifelineEvent<QualityReport> {
  static readonly eventName = 'lifeline-quality';

  constructor(report: QualityReport) {
    super(LifelineQualityEvent.eventName, report);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lifeline-quality': LifelineQualityEvent;
  }
}
