import { expect, fixture, html } from '@open-wc/testing';
import '../../components/define.js';
import type { VideoCall } from '../../components/index.js';
import { germanStrings } from '../../components/strings/de.js';
import { EngineFactory } from '../helpers/engines.js';
import { part } from '../helpers/shadow-parts.js';
import { uniqueRoom, waitFor } from '../helpers/test-env.js';

// The recovery banner in a real call whose media dies (the other side's connection is closed
// under its engine): shown, announced, translated, and accessible in both schemes.

const FAST = { iceRestartAfterMs: 500, iceRestartIntervalMs: 1000, fullRestartAfterMs: 3000 };

describe('<video-call> while a call recovers', () => {
  const engines = new EngineFactory();
  afterEach(() => engines.destroyAll());

  it('shows the recovery banner and the reconnecting status, accessible in light and dark, then says the connection is back', async function () {
    this.timeout(90_000);
    const [ada, bob] = await engines.connectedPair(uniqueRoom('banner'), { recovery: FAST });
    const el = await fixture<VideoCall>(html`<video-call theme="light" .engine=${bob}></video-call>`);
    await waitFor(() => el.state === 'connected', 'connected');
    ada.peerConnections.get('bob')!.close();

    await waitFor(() => el.state === 'reconnecting', 'the element reconnecting', 20_000);
    const banner = await waitFor(() => part(el, 'recovery-banner')!.hasAttribute('data-active') && part(el, 'recovery-banner'), 'the banner shown');
    expect(banner.dataset.step).to.not.equal('healthy');
    expect(part(el, 'recovery-message')!.getAttribute('aria-live')).to.equal('polite');
    expect(part(el, 'recovery-message')!.textContent).to.not.equal('');
    expect(part(el, 'status')!.textContent).to.contain('Reconnecting');
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    el.strings = germanStrings;
    await el.updateComplete;
    await expect(el).to.be.accessible();
    expect(part(el, 'status')!.textContent).to.equal('Verbindung unterbrochen. Neu verbinden…');
    expect(Object.values(germanStrings.recovery)).to.include(part(el, 'recovery-message')!.textContent);

    await waitFor(() => part(el, 'recovery-banner')!.dataset.step === 'healthy', 'the connection restored', 60_000);
    expect(part(el, 'recovery-message')!.textContent).to.equal('Verbindung wiederhergestellt.');
    await expect(el).to.be.accessible();
  });
});
