import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../components/ice-probe/ice-probe.js';
import type { IceProbe } from '../../components/ice-probe/ice-probe.component.js';
import { LifelineErrorEvent, LifelineIceProbeEvent } from '../../components/events/index.js';
import { fetchIceConfig, type IceConfig } from '../../src/index.js';
import { iceConfigUrl, testEnv, waitFor } from '../helpers/test-env.js';

// Real runs against the coturn of web-test-runner.config.mjs. Without a NAT on loopback the
// STUN server passes with host candidates only (see test/core/ice-probe.test.ts).
const { urls, deadPort } = testEnv.turn;

const part = (el: IceProbe, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const text = (el: IceProbe, name: string) => part(el, name)?.textContent?.trim() ?? '';
const cells = (row: Element) => [...row.children].map((cell) => cell.textContent!.trim());
const rows = (el: IceProbe) => [...el.shadowRoot!.querySelectorAll('[part~="row"]')];

async function probed(el: IceProbe): Promise<LifelineIceProbeEvent> {
  const event = await oneEvent(el, LifelineIceProbeEvent.eventName);
  await el.updateComplete;
  return event;
}

/** Replaces the clipboard for one test; the browser's needs a permission tests cannot grant in both browsers. */
function fakeClipboard(writeText: (text: string) => Promise<void>): () => void {
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
  return () => delete (navigator as { clipboard?: unknown }).clipboard;
}

describe('<ice-probe>', () => {
  it('starts idle with a run button and no table, and is accessible', async () => {
    const el = await fixture<IceProbe>(html`<ice-probe></ice-probe>`);
    expect(el.getAttribute('state')).to.equal('idle');
    expect(text(el, 'status')).to.equal('Not tested yet.');
    expect(part(el, 'status')!.getAttribute('aria-live')).to.equal('polite');
    expect(text(el, 'run-button')).to.equal('Test servers');
    expect(part(el, 'table')).to.equal(null);
    expect(part(el, 'copy-text-button')).to.equal(null);
    expect(el.report('text')).to.equal('No ICE probe has run yet.');
    // `state` only mirrors the element: a host cannot set a verdict.
    el.state = 'passed';
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('idle');
    await expect(el).to.be.accessible();
  });

  it('probes the config at ice-config-url on auto-run and shows one row per server', async () => {
    const el = await fixture<IceProbe>(html`<ice-probe ice-config-url=${iceConfigUrl('default')} timeout="3000" auto-run></ice-probe>`);
    expect(el.getAttribute('state')).to.equal('probing');
    expect(text(el, 'status')).to.equal('Testing the STUN and TURN servers…');
    expect(text(el, 'run-button')).to.equal('Restart test');
    const { detail } = await probed(el);
    expect(detail.results.map((r) => [r.url, r.status])).to.deep.equal([
      [urls.stun, 'ok'],
      [urls.udp, 'ok'],
      [urls.tcp, 'ok'],
    ]);
    expect(el.getAttribute('state')).to.equal('passed');
    expect(text(el, 'status')).to.equal('All 3 servers are reachable.');
    expect(el.shadowRoot!.querySelector('caption')!.textContent).to.equal('STUN and TURN servers');
    const shown = rows(el).map(cells);
    expect(shown.map((row) => row.slice(0, 3))).to.deep.equal([
      [urls.stun, 'STUN', 'Reachable'],
      [urls.udp, 'TURN udp', 'Reachable'],
      [urls.tcp, 'TURN tcp', 'Reachable'],
    ]);
    shown.forEach((row, i) => expect(row[3]).to.equal(`${detail.results[i].durationMs} ms`));
    expect(shown.map((row) => row[4])).to.deep.equal(['host', 'relay', 'relay']);
    expect(shown[0][5]).to.contain('No NAT in between');
    expect(text(el, 'run-button')).to.equal('Test again');
    await expect(el).to.be.accessible();
  });

  it('shows servers that fail, with the error, and says how many', async () => {
    const config = await fetchIceConfig(iceConfigUrl('wrong-secret'));
    const { username, credential } = (await fetchIceConfig(iceConfigUrl('default'))).turn![0];
    const dead = `turn:127.0.0.1:${deadPort}?transport=udp`;
    const el = await fixture<IceProbe>(html`<ice-probe timeout="3000"></ice-probe>`);
    const fired = probed(el);
    el.iceConfig = { ...config, turn: [...config.turn!, { urls: dead, username, credential }] };
    const results = await el.run();
    expect((await fired).detail.results).to.equal(results);
    expect(el.getAttribute('state')).to.equal('failed');
    expect(text(el, 'status')).to.equal('2 of 2 servers are not reachable.');
    const [wrongSecret, deadRow] = rows(el).map(cells);
    expect(wrongSecret.slice(1, 3)).to.deep.equal(['TURN udp', 'Not reachable']);
    expect(wrongSecret[5]).to.match(/^401 Unauthorized/);
    expect(deadRow.slice(0, 3)).to.deep.equal([dead, 'TURN udp', 'Not reachable']);
    expect(deadRow[5]).to.equal('No answer within 3 s.');
    expect(rows(el).map((row) => row.getAttribute('data-status'))).to.deep.equal(['failed', 'failed']);
    await expect(el).to.be.accessible();
  });

  it('reports every server as text and as JSON, and copies either', async () => {
    const el = await fixture<IceProbe>(html`<ice-probe ice-config-url=${iceConfigUrl('default')} timeout="3000"></ice-probe>`);
    const results = await el.run();
    const plain = el.report('text');
    expect(plain).to.match(/^Lifeline ICE probe, \d{4}-\d\d-\d\dT/);
    expect(plain).to.contain(navigator.userAgent);
    for (const url of [urls.stun, urls.udp, urls.tcp]) expect(plain).to.contain(`${url} (`);
    expect(plain).to.contain(`${urls.udp} (TURN udp): Reachable, ${results[1].durationMs} ms, candidates: relay`);
    const json = JSON.parse(el.report('json'));
    expect(json.results).to.deep.equal(results);
    expect(json.userAgent).to.equal(navigator.userAgent);

    const copies: string[] = [];
    let restore = fakeClipboard(async (copy) => void copies.push(copy));
    try {
      part(el, 'copy-text-button')!.click();
      part(el, 'copy-json-button')!.click();
      await waitFor(() => text(el, 'copy-status') === 'The report was copied as JSON.', 'the JSON copy', 2000);
      expect(copies).to.deep.equal([el.report('text'), el.report('json')]);
    } finally {
      restore();
    }
    restore = fakeClipboard(() => Promise.reject(new DOMException('Denied', 'NotAllowedError')));
    try {
      part(el, 'copy-text-button')!.click();
      await waitFor(() => text(el, 'copy-status').startsWith('The browser did not allow copying.'), 'a refused copy', 2000);
    } finally {
      restore();
    }
  });

  it('runs again, with a fresh config, when the run button is pressed', async () => {
    const fetched: string[] = [];
    const realFetch = window.fetch;
    window.fetch = (input, init) => (fetched.push(String(input)), realFetch(input, init));
    try {
      const el = await fixture<IceProbe>(html`<ice-probe ice-config-url=${iceConfigUrl('relay-tcp')} timeout="3000" auto-run></ice-probe>`);
      const first = await probed(el);
      const second = probed(el);
      part(el, 'run-button')!.click();
      await el.updateComplete;
      expect(el.getAttribute('state')).to.equal('probing');
      expect(part(el, 'table'), 'the old results go while testing').to.equal(null);
      const { detail } = await second;
      expect(detail.results).to.not.equal(first.detail.results);
      expect(detail.results.map((r) => [r.url, r.status])).to.deep.equal([[urls.tcp, 'ok']]);
      expect(fetched.filter((url) => url === iceConfigUrl('relay-tcp'))).to.have.length(2);
      expect(el.getAttribute('state')).to.equal('passed');
    } finally {
      window.fetch = realFetch;
    }
  });

  it('auto-runs once a host sets iceConfig after the element is on the page', async () => {
    const el = await fixture<IceProbe>(html`<ice-probe auto-run timeout="3000"></ice-probe>`);
    expect(el.getAttribute('state')).to.equal('idle');
    const fired = probed(el);
    el.iceConfig = await fetchIceConfig(iceConfigUrl('relay-udp'));
    expect((await fired).detail.results.map((r) => r.url)).to.deep.equal([urls.udp]);
  });

  it('says when the config cannot be had, fires lifeline-error and stays accessible', async () => {
    const missing = new URL('/no-such-ice-config.json', location.href).href;
    const el = await fixture<IceProbe>(html`<ice-probe ice-config-url=${missing}></ice-probe>`);
    const fired = oneEvent(el, LifelineErrorEvent.eventName);
    part(el, 'run-button')!.click();
    const { detail } = await fired;
    await el.updateComplete;
    expect(detail.error.code).to.equal('ice_config_unavailable');
    expect(el.getAttribute('state')).to.equal('error');
    expect(text(el, 'status')).to.equal(detail.error.message);
    expect(detail.error.message).to.contain('HTTP 404');
    await expect(el).to.be.accessible();

    el.iceConfig = { stun: ['http://not-stun.example.org'] } as IceConfig;
    const invalid = await el.run().catch((error) => error);
    expect(invalid.code).to.equal('invalid_ice_config');
    expect(text(el, 'status')).to.contain('iceConfig.stun[0]');
  });

  it('stops probing when it leaves the page', async () => {
    const { username, credential } = (await fetchIceConfig(iceConfigUrl('default'))).turn![0];
    const el = await fixture<IceProbe>(html`<ice-probe timeout="20000"></ice-probe>`);
    el.iceConfig = { turn: [{ urls: `turn:127.0.0.1:${deadPort}?transport=udp`, username, credential }] };
    const run = el.run().catch((error) => error);
    await el.updateComplete;
    const started = performance.now();
    el.remove();
    expect((await run).name).to.equal('AbortError');
    expect(performance.now() - started).to.be.below(1000);
    expect(el.getAttribute('state')).to.equal('idle');
  });
});
