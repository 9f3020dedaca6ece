import { expect } from '@open-wc/testing';
import { render } from 'lit';
import { ENDED_SHOWN_MS, pickBanner, renderRecoveryBanner, RESTORED_SHOWN_MS, type RecoveryLog } from '../../components/shared/recovery-banner.js';
import { germanStrings } from '../../components/strings/de.js';
import { englishStrings } from '../../components/strings/english.js';
import type { RecoveryEvent, RecoveryStep } from '../../src/index.js';

function log(...entries: Array<[string, RecoveryStep, number, Partial<RecoveryEvent>?]>): RecoveryLog {
  return new Map(
    entries.map(([participantId, step, receivedAt, extra]) => [
      participantId,
      { event: { participantId, step, reason: 'media-stalled', elapsedMs: 0, ...extra }, receivedAt },
    ]),
  );
}

describe('recovery banner choice', () => {
  it('shows nothing for healthy calls or a suspect sample', () => {
    expect(pickBanner(new Map(), 0)).to.equal(null);
    expect(pickBanner(log(['a', 'suspect', 0]), 10)).to.equal(null);
  });

  it('shows the most severe trouble across calls', () => {
    const banner = pickBanner(log(['a', 'ice-restart', 0], ['b', 'waiting-for-network', 0, { giveUpInMs: 30_000 }], ['c', 'degraded', 0]), 1000);
    expect(banner!.event.participantId).to.equal('b');
    expect(banner!.giveUpAt).to.equal(30_000);
  });

  it('shows a recovery or an ending for a while, then hides it', () => {
    const restored = log(['a', 'healthy', 1000, { reason: 'recovered' }]);
    expect(pickBanner(restored, 1000 + RESTORED_SHOWN_MS - 1)!.event.step).to.equal('healthy');
    expect(pickBanner(restored, 1000 + RESTORED_SHOWN_MS)).to.equal(null);
    const ended = log(['a', 'ended', 0, { reason: 'peer-lost' }]);
    expect(pickBanner(ended, ENDED_SHOWN_MS - 1)!.event.reason).to.equal('peer-lost');
    expect(pickBanner(ended, ENDED_SHOWN_MS)).to.equal(null);
  });

  it("says the step in the table's words, by its reason, with the countdown beside it", () => {
    const banner = pickBanner(log(['a', 'waiting-for-network', 0, { reason: 'offline', giveUpInMs: 30_000 }]), 0);
    const shown = document.createElement('div');
    render(renderRecoveryBanner(banner, 1000, englishStrings), shown);
    expect(shown.querySelector('[part="recovery-message"]')!.textContent).to.equal('You are offline. Waiting for the network to come back…');
    expect(shown.querySelector('[part="recovery-countdown"]')!.textContent).to.equal('Still trying for 29 s.');
    render(renderRecoveryBanner(banner, 1000, germanStrings), shown);
    expect(shown.querySelector('[part="recovery-message"]')!.textContent).to.equal('Sie sind offline. Warten auf das Netzwerk…');
  });
});
