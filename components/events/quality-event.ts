import type { QualityReport } from '../../src/index.js';

/** Fired about once a second per remote participant with the link's quality. */
export class LifelineQualityEvent extends Event {
  static readonly eventName = 'lifeline-quality';
  readonly detail: QualityReport;

  constructor(report: QualityReport) {
    super(LifelineQualityEvent.eventName, { bubbles: true, composed: true });
    this.detail = report;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lifeline-quality': LifelineQualityEvent;
  }
}
