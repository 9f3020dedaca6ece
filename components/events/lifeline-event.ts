/**
 * What every Lifeline DOM event shares: a typed `detail`, and it bubbles out of the element's
 * shadow root (composed), so a host can listen on any ancestor.
 */
export abstract class LifelineEvent<Detail> extends Event {
  readonly detail: Detail;

  constructor(name: string, detail: Detail, options: { cancelable?: boolean } = {}) {
    super(name, { bubbles: true, composed: true, ...options });
    this.detail = detail;
  }
}
