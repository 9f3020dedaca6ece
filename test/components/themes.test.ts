import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import '../../components/define.js';
import type { IceProbe, SoundCheck, VideoCall, VoiceCall } from '../../components/index.js';
import { part } from '../helpers/shadow-parts.js';

// Light and dark out of the box: the person's prefers-color-scheme, or the host's `theme`; and
// one set of --lifeline-* tokens on a parent restyles every element.

const LIGHT_BACKGROUND = 'rgb(255, 255, 255)';
const DARK_BACKGROUND = 'rgb(16, 20, 24)';

const background = (el: HTMLElement) => getComputedStyle(part(el, 'base')!).backgroundColor;

async function everyElement(attributes = '') {
  const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
  // The attributes are the test's own literal text, never input.
  wrapper.innerHTML = ['video-call room="r"', 'voice-call room="r"', 'sound-check', 'ice-probe']
    .map((tag) => `<${tag} ${attributes}></${tag.split(' ')[0]}>`)
    .join('');
  const elements = [...wrapper.children] as Array<VideoCall | VoiceCall | SoundCheck | IceProbe>;
  await Promise.all(elements.map((el) => el.updateComplete));
  return elements;
}

/**
 * Makes the page prefer `scheme` where the browser lets a test emulate it (Chromium); elsewhere
 * (Firefox has no such command under the test runner) says whether the page prefers it already.
 */
async function preferring(scheme: 'light' | 'dark'): Promise<boolean> {
  if (navigator.userAgent.includes('Firefox')) return matchMedia(`(prefers-color-scheme: ${scheme})`).matches;
  await emulateMedia({ colorScheme: scheme });
  return true;
}

describe('themes', () => {
  afterEach(() => preferring('light'));

  it('follows prefers-color-scheme when the host sets no theme', async () => {
    let checked = 0;
    for (const [scheme, expected] of [
      ['light', LIGHT_BACKGROUND],
      ['dark', DARK_BACKGROUND],
    ] as const) {
      if (!(await preferring(scheme))) continue;
      for (const el of await everyElement()) expect(background(el), `${el.localName} preferring ${scheme}`).to.equal(expected);
      checked++;
    }
    expect(checked, 'neither scheme could be checked').to.be.at.least(1);
  });

  it('takes theme="dark" or theme="light" over the person\'s preference, and is accessible in both', async () => {
    await preferring('light');
    for (const el of await everyElement('theme="dark"')) {
      expect(background(el), el.localName).to.equal(DARK_BACKGROUND);
      await expect(el).to.be.accessible();
    }
    await preferring('dark');
    for (const el of await everyElement('theme="light"')) {
      expect(background(el), el.localName).to.equal(LIGHT_BACKGROUND);
      await expect(el).to.be.accessible();
    }
  });

  it('reflects the theme property for CSS', async () => {
    const el = await fixture<VideoCall>(html`<video-call></video-call>`);
    expect(el.hasAttribute('theme')).to.equal(false);
    el.theme = 'dark';
    await el.updateComplete;
    expect(el.getAttribute('theme')).to.equal('dark');
    expect(background(el)).to.equal(DARK_BACKGROUND);
  });

  it('lets one set of tokens on a parent restyle every element in either scheme', async () => {
    const brand = await fixture<HTMLDivElement>(
      html`<div style="--lifeline-color-background: rgb(1, 2, 3); --lifeline-color-accent: rgb(200, 0, 100); --lifeline-radius: 2px; --lifeline-font-family: monospace"></div>`,
    );
    brand.innerHTML =
      '<video-call room="r" theme="light"></video-call><voice-call room="r" theme="dark"></voice-call><sound-check></sound-check><ice-probe></ice-probe>';
    for (const el of [...brand.children] as VideoCall[]) {
      await el.updateComplete;
      const base = getComputedStyle(part(el, 'base')!);
      expect(base.backgroundColor, el.localName).to.equal('rgb(1, 2, 3)');
      expect(base.borderTopLeftRadius, el.localName).to.equal('2px');
      expect(base.fontFamily, el.localName).to.equal('monospace');
    }
    const mute = part(brand.querySelector('video-call')!, 'mute-button')!;
    mute.setAttribute('aria-pressed', 'true');
    expect(getComputedStyle(mute).backgroundColor).to.equal('rgb(200, 0, 100)');
  });

  it('styles each part from outside through ::part, without touching the element', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div class="branded"></div>`);
    const style = document.createElement('style');
    style.textContent =
      '.branded video-call::part(hang-up-button) { background: rgb(0, 128, 0); } .branded video-call::part(status) { text-transform: uppercase; }';
    wrapper.append(style, document.createElement('video-call'));
    const el = wrapper.querySelector('video-call')!;
    await el.updateComplete;
    expect(getComputedStyle(part(el, 'hang-up-button')!).backgroundColor).to.equal('rgb(0, 128, 0)');
    expect(getComputedStyle(part(el, 'status')!).textTransform).to.equal('uppercase');
  });

  it('shows a pressed toggle by more than colour', async () => {
    const el = await fixture<VideoCall>(html`<video-call></video-call>`);
    const mute = part(el, 'mute-button')!;
    // The control bar's toggles change icon; other toggles (a host's lock) get a check mark.
    const shown = () => ['icon-microphone', 'icon-microphone-off'].filter((name) => part(el, name)!.checkVisibility());
    expect(shown()).to.deep.equal(['icon-microphone']);
    mute.setAttribute('aria-pressed', 'true');
    expect(shown()).to.deep.equal(['icon-microphone-off']);
    const lock = document.createElement('button');
    lock.setAttribute('aria-pressed', 'true');
    el.shadowRoot!.append(lock);
    expect(getComputedStyle(lock, '::before').content).to.contain('✓');
  });

  it('draws a focus ring on the control the keyboard reaches', async () => {
    const el = await fixture<SoundCheck>(html`<sound-check></sound-check>`);
    const start = part(el, 'start-button')!;
    expect(getComputedStyle(start).boxShadow).to.equal('none');
    for (let i = 0; i < 5 && el.shadowRoot!.activeElement !== start; i++) await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement, 'Tab never reached the start button').to.equal(start);
    expect(getComputedStyle(start).boxShadow).to.not.equal('none');
  });
});
