import { expect, fixture, html } from '@open-wc/testing';
import '../../components/define.js';
import { englishStrings } from '../../components/strings/english.js';
import { germanStrings } from '../../components/strings/de.js';
import { CallEngine } from '../../src/index.js';
import { screenCaptureOptions, stopCanvasScreens } from '../helpers/screen-capture.js';
import { part, parts } from '../helpers/shadow-parts.js';
import { devToken, testEnv, uniqueRoom, waitFor } from '../helpers/test-env.js';

// The whole call UI at once, as people see it in a real call against the reference server: a
// host and a guest, the guest sharing a screen (in focus on the host's side, the cameras in the
// filmstrip, the self-view floating), the host recording and asking the guest to mute. Each
// element is checked by axe in light and dark, left to right and right to left, in English and
// German; and in German no English sentence of the strings table is left on screen or in an
// accessible name.

type Table = { [key: string]: string | Table };

/** Every sentence of the English table that German says differently, as a pattern its `{name}` slots match. */
function englishOnly(english: Table, german: Table, into: RegExp[] = []): RegExp[] {
  for (const [key, value] of Object.entries(english)) {
    const theirs = german[key];
    if (typeof value === 'string') {
      if (value !== theirs && value.trim().length > 2) {
        const pattern = value.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '.+');
        into.push(new RegExp(`^${pattern}$`));
      }
    } else if (theirs && typeof theirs === 'object') englishOnly(value, theirs, into);
  }
  return into;
}

/** What the element says: the text of each node in its shadow root and its accessible names and tooltips. */
function saidBy(el: HTMLElement): string[] {
  const said: string[] = [];
  const walker = document.createTreeWalker(el.shadowRoot!, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === Node.TEXT_NODE) said.push(node.textContent ?? '');
    else for (const name of ['aria-label', 'title', 'placeholder', 'data-tooltip']) said.push((node as Element).getAttribute(name) ?? '');
  }
  // Without the bidi isolates around names, and the check marks the styles draw.
  return said.map((text) => text.replace(/[\u2068\u2069]/g, '').trim()).filter((text) => text.length > 0);
}

describe('the call UI in every theme, direction and language', () => {
  const engines: CallEngine[] = [];
  afterEach(() => {
    for (const engine of engines.splice(0)) engine.destroy();
    stopCanvasScreens();
  });

  it('is axe-clean in light and dark, left to right and right to left, English and German, with a screen shared, recording and a mute request; German leaves no English', async function () {
    this.timeout(120_000);
    const room = uniqueRoom('sweep');
    const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 900px"></div>`);
    const hostToken = await devToken({ room, sub: 'doctor', name: 'Dr. Ada', role: 'host', record: true });
    const host = document.createElement('video-call');
    Object.assign(host, { room, participantId: 'doctor', token: hostToken, signalingUrl: testEnv.tokenSignalingUrl, recordable: true });
    // The guest shares through its own engine: a fake screen in Chromium, a canvas in Firefox (screen-capture.ts).
    const guestEngine = new CallEngine({
      participantId: 'patient',
      displayName: 'Pat',
      signalingUrl: testEnv.tokenSignalingUrl,
      token: await devToken({ room, sub: 'patient', name: 'Pat' }),
      ...screenCaptureOptions(),
    });
    engines.push(guestEngine);
    const guest = document.createElement('video-call');
    Object.assign(guest, { room, engine: guestEngine });
    wrapper.append(host, guest);
    await host.join();
    await guest.join();
    await waitFor(() => host.state === 'connected' && guest.state === 'connected', 'both connected', 20_000);

    await guestEngine.startScreenShare();
    await waitFor(() => part(host, 'screen-tile')?.getAttribute('part')?.includes('focus-tile'), "the guest's screen in focus on the host's side", 20_000);
    await host.startRecording({ sinkUrl: `${testEnv.signalingUrl}/lifeline/recordings`, chunkMs: 2_000 });
    await waitFor(() => part(host, 'ask-to-mute-button'), "the host's actions on the guest's camera tile");
    part(host, 'ask-to-mute-button')!.click();
    await waitFor(
      () => part(guest, 'mute-request')?.hasAttribute('data-active') || part(guest, 'mute-request')?.textContent?.trim(),
      'the mute request on the guest',
    );
    await waitFor(() => part(host, 'recording')?.getAttribute('data-state') === 'recording', 'the recording indicator');
    expect(parts(host, 'filmstrip-tile').length, 'the cameras in the filmstrip').to.be.greaterThan(0);

    const english = englishOnly(englishStrings as unknown as Table, germanStrings as unknown as Table);
    for (const theme of ['light', 'dark'] as const)
      for (const dir of ['ltr', 'rtl'])
        for (const lang of ['en', 'de']) {
          wrapper.dir = dir;
          wrapper.lang = lang;
          for (const el of [host, guest]) {
            el.theme = theme;
            el.strings = lang === 'de' ? germanStrings : null;
            await el.updateComplete;
          }
          for (const [who, el] of [
            ['host', host],
            ['guest', guest],
          ] as const) {
            const label = `${who}, ${theme}, ${dir}, ${lang}`;
            await expect(el, label).to.be.accessible();
            if (lang === 'de') {
              const left = saidBy(el).filter((text) => english.some((pattern) => pattern.test(text)));
              expect(left, `English left in German (${label})`).to.deep.equal([]);
            }
          }
        }

    await host.stopRecording();
  });
});
