import { expect } from '@open-wc/testing';
import { STRICT_CSP_PAGE } from '../helpers/strict-csp.mjs';
import { testEnv, uniqueRoom, waitFor } from '../helpers/test-env.js';

// The four elements on a page served with a strict Content-Security-Policy (nothing inline,
// scripts and styles from the page's origin only; see test/helpers/strict-csp.mjs), the SDK
// loaded from dist/ as a host would load it. The page lives in an iframe: the test runner's
// own page runs inline scripts and cannot carry the policy.

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
  source: string;
}

interface StrictCspPage extends Window {
  cspViolations: Violation[];
  pageErrors: string[];
  lifelineLoaded?: boolean;
  runTicker(intervalMs: number, forMs: number): Promise<{ ticks: number; fellBack: boolean }>;
}

const part = (el: Element, name: string) => el.shadowRoot?.querySelector<HTMLElement>(`[part~="${name}"]`) ?? null;

let frame: HTMLIFrameElement | null = null;

async function openPage(): Promise<{ page: StrictCspPage; doc: Document }> {
  frame = document.createElement('iframe');
  const query = new URLSearchParams({ signaling: testEnv.signalingUrl, room: uniqueRoom('csp') });
  frame.src = `${STRICT_CSP_PAGE}?${query}`;
  frame.style.width = '800px';
  frame.style.height = '1200px';
  document.body.append(frame);
  const page = frame.contentWindow as StrictCspPage;
  await waitFor(() => page.lifelineLoaded, 'the SDK to load in the strict-CSP page');
  return { page, doc: frame.contentDocument! };
}

describe('under a strict Content-Security-Policy', () => {
  afterEach(() => {
    // Removing the page disconnects the elements: the call leaves, the microphone is released.
    frame?.remove();
    frame = null;
  });

  it('is served with a policy that allows nothing inline', async () => {
    const response = await fetch(STRICT_CSP_PAGE);
    const policy = response.headers.get('content-security-policy') ?? '';
    const directives = policy.split(';').map((directive) => directive.trim());
    expect(directives).to.include("script-src 'self'");
    expect(directives).to.include("style-src 'self'");
    expect(policy).not.to.match(/unsafe|nonce-|sha\d+-|blob:|data:/);
  });

  it('upgrades, styles and runs all four elements, a call reaches waiting, and nothing is blocked', async () => {
    const { page, doc } = await openPage();
    const [call, voice, check, probe] = ['video-call', 'voice-call', 'sound-check', 'ice-probe'].map((tag) => doc.querySelector(tag)!);

    for (const el of [call, voice, check, probe]) {
      expect(page.customElements.get(el.localName), `${el.localName} is defined`).to.be.a('function');
      expect(part(el, 'base'), `${el.localName} renders its base part`).to.not.equal(null);
      // Custom elements are inline unless a stylesheet says otherwise: each element's own says block.
      expect(page.getComputedStyle(el).display, `${el.localName} has its styles`).to.equal('block');
    }
    // The page's theme reaches the hang-up button through the element's stylesheet and tokens.
    expect(page.getComputedStyle(part(call, 'hang-up-button')!).backgroundColor).to.equal('rgb(1, 2, 3)');

    // The meter's bar and threshold mark are placed from the first render on.
    const meter = part(check, 'meter')!;
    const [fill, mark] = [meter.querySelector<HTMLElement>('.fill')!, meter.querySelector<HTMLElement>('.mark')!];
    expect(fill.style.width, 'the bar has a width').to.match(/%$/);
    const markAt = (mark.getBoundingClientRect().left - meter.getBoundingClientRect().left) / meter.getBoundingClientRect().width;
    expect(markAt, 'the -35 dB mark sits 25/60 along the meter').to.be.closeTo(25 / 60, 0.02);
    // And the bar follows the microphone: the fake microphones play a tone or a beep.
    let widest = 0;
    const watch = new MutationObserver(() => (widest = Math.max(widest, fill.getBoundingClientRect().width)));
    watch.observe(fill, { attributes: true, attributeFilter: ['style'] });
    await waitFor(() => widest > 0, 'the meter to move', 10_000);
    watch.disconnect();

    await waitFor(() => call.getAttribute('state') === 'waiting', `<video-call> state=waiting (is ${call.getAttribute('state')})`, 20_000);
    expect(part(call, 'local-video')).to.not.equal(null);
    // The ICE config comes from the signaling server's origin, which connect-src allows.
    await waitFor(() => ['passed', 'failed', 'error'].includes(probe.getAttribute('state')!), '<ice-probe> to finish', 20_000);
    expect(probe.getAttribute('state'), part(probe, 'status')?.textContent ?? '').to.equal('passed');
    expect(voice.getAttribute('state')).to.equal('idle');

    expect(page.cspViolations).to.deep.equal([]);
    expect(page.pageErrors).to.deep.equal([]);
  });

  it("keeps the recorders' ticker running on page timers when the policy blocks its worker", async () => {
    const { page } = await openPage();
    const { ticks, fellBack } = await page.runTicker(50, 1_000);
    expect(fellBack).to.equal(true);
    expect(ticks).to.be.within(10, 22);
    // The one thing blocked is the worker, as the README says a host must allow for it.
    await waitFor(() => page.cspViolations.length > 0, 'the blocked worker to be reported');
    expect(page.cspViolations.map(({ directive, blocked }) => `${directive} ${blocked}`)).to.deep.equal(['worker-src blob']);
    expect(page.pageErrors).to.deep.equal([]);
  });
});
