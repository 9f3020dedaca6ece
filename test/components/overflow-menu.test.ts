import { expect, fixture, html } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import '../../components/define.js';
import type { VideoCall, VoiceCall } from '../../components/index.js';
import { germanStrings } from '../../components/strings/de.js';
import { part, parts } from '../helpers/shadow-parts.js';
import { testEnv, uniqueRoom, waitFor } from '../helpers/test-env.js';
import { VirtualDevicesFactory } from '../helpers/virtual-devices.js';

// Below 400px of the element's own width the control bar keeps microphone, camera and hang up,
// and offers the rest (record, the device pickers) from a "More" menu run from the keyboard.

const visible = (el: Element | null) => !!el && el.checkVisibility();
const focused = (el: HTMLElement) => el.shadowRoot!.activeElement as HTMLElement | null;
const items = (el: HTMLElement) => parts(el, 'menu-item');

/** The page is always wide; only the wrapper (and so the element) is narrow. */
async function callIn(width: number, { tag = 'video-call', devices = null as VirtualDevicesFactory | null, wrapper = {} as Record<string, string> } = {}) {
  const outer = await fixture<HTMLDivElement>(html`<div></div>`);
  outer.style.width = `${width}px`;
  for (const [name, value] of Object.entries(wrapper)) outer.setAttribute(name, value);
  const el = document.createElement(tag) as VideoCall;
  el.setAttribute('recordable', '');
  const layer = devices?.create();
  if (layer) {
    layer.addCamera('Desk camera');
    layer.addCamera('Laptop camera');
    layer.addMicrophone('Headset');
    el.mediaDevices = layer;
  }
  Object.assign(el, { room: uniqueRoom('narrow'), signalingUrl: testEnv.signalingUrl, autoJoin: true });
  // Something focusable after the call, as a host page has: a Tab out of the element lands there,
  // not in the browser's own UI, which would leave the next test files' pages without focus.
  const after = Object.assign(document.createElement('button'), { textContent: 'After the call' });
  outer.append(el, after);
  await waitFor(() => el.state === 'waiting', `<${tag}> waiting in its room`);
  await waitFor(() => part(el, 'microphone-select'), 'the pickers');
  await el.updateComplete;
  return el;
}

async function openMenu(el: HTMLElement) {
  part(el, 'more-button')!.click();
  await (el as VideoCall).updateComplete;
  await waitFor(() => part(el, 'menu'), 'the menu');
  return part(el, 'menu')!;
}

describe('the narrow control bar', () => {
  const devices = new VirtualDevicesFactory();
  // A click at the page leaves the browser's pointer there: put it back, so later files start clean.
  afterEach(async () => {
    devices.disposeAll();
    await resetMouse();
  });

  it('keeps every control in the bar when the element is wide, and only the primary ones when it is narrow, whatever the viewport', async () => {
    const wide = await callIn(640);
    for (const name of ['mute-button', 'camera-button', 'screen-share-button', 'record-button', 'hang-up-button', 'microphone-select'])
      expect(visible(part(wide, name)), name).to.equal(true);
    expect(visible(part(wide, 'more-button'))).to.equal(false);

    const narrow = await callIn(360);
    for (const name of ['mute-button', 'camera-button', 'hang-up-button', 'more-button']) expect(visible(part(narrow, name)), name).to.equal(true);
    for (const name of ['screen-share-button', 'record-button', 'microphone-select', 'camera-select'])
      expect(visible(part(narrow, name)), name).to.equal(false);
    const more = part(narrow, 'more-button')!;
    expect(more.getAttribute('aria-haspopup')).to.equal('menu');
    expect(more.getAttribute('aria-expanded')).to.equal('false');
    expect(more.textContent!.trim()).to.equal('More options');
    expect(part(narrow, 'menu')).to.equal(null);
    await expect(narrow).to.be.accessible();
  });

  it('offers record and each device as menu items, and picks a camera from it', async () => {
    const el = await callIn(360, { devices });
    const menu = await openMenu(el);
    expect(part(el, 'more-button')!.getAttribute('aria-expanded')).to.equal('true');
    expect(menu.getAttribute('role')).to.equal('menu');
    expect(menu.getAttribute('aria-label')).to.equal('More options');
    const described = items(el).map((item) => [item.getAttribute('role'), item.textContent!.trim(), item.getAttribute('aria-checked')]);
    const inUse = el.engine!.devices.inUse('video');
    expect(described).to.deep.equal([
      ['menuitemcheckbox', 'Share screen', 'false'],
      ['menuitemcheckbox', 'Record', 'false'],
      ['menuitemradio', 'Desk camera', String(el.engine!.devices.devices.cameras[0].id === inUse)],
      ['menuitemradio', 'Laptop camera', String(el.engine!.devices.devices.cameras[1].id === inUse)],
      ['menuitemradio', 'Headset', 'true'],
    ]);
    expect([...menu.querySelectorAll('[role="group"]')].map((g) => g.getAttribute('aria-label'))).to.deep.equal(['Camera', 'Microphone']);
    await expect(el).to.be.accessible();

    const other = items(el).find((item) => item.getAttribute('role') === 'menuitemradio' && item.getAttribute('aria-checked') === 'false')!;
    const label = other.textContent!.trim();
    other.click();
    await waitFor(() => el.engine!.devices.devices.cameras.find((c) => c.id === el.engine!.devices.inUse('video'))?.label === label, `${label} in use`);
    await el.updateComplete;
    expect(part(el, 'menu'), 'choosing closes the menu').to.equal(null);
    expect(focused(el), 'and returns focus to More').to.equal(part(el, 'more-button'));
  });

  it('runs from the keyboard: arrows, Home and End move, Escape closes and returns focus, Tab leaves', async () => {
    const el = await callIn(360, { devices });
    const more = part(el, 'more-button')!;
    more.focus();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => part(el, 'menu'), 'Enter opens the menu');
    await el.updateComplete;
    const list = items(el);
    expect(focused(el), 'focus on the first item').to.equal(list[0]);
    await sendKeys({ press: 'ArrowDown' });
    expect(focused(el)).to.equal(list[1]);
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ press: 'ArrowUp' });
    expect(focused(el), 'ArrowUp wraps to the last').to.equal(list.at(-1));
    await sendKeys({ press: 'Home' });
    expect(focused(el)).to.equal(list[0]);
    await sendKeys({ press: 'End' });
    expect(focused(el)).to.equal(list.at(-1));
    const escapes: Event[] = [];
    document.addEventListener('keydown', (e) => e.key === 'Escape' && escapes.push(e), { once: true });
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(part(el, 'menu')).to.equal(null);
    expect(more.getAttribute('aria-expanded')).to.equal('false');
    expect(focused(el), 'focus back on More').to.equal(more);
    expect(escapes, "the menu's Escape does not reach the page").to.have.length(0);

    await sendKeys({ press: 'ArrowUp' });
    await el.updateComplete;
    expect(focused(el), 'ArrowUp on More opens at the last item').to.equal(items(el).at(-1));
    await sendKeys({ press: ' ' });
    await el.updateComplete;
    expect(el.engine!.devices.inUse('audio'), 'Space chooses').to.be.a('string');
    expect(part(el, 'menu')).to.equal(null);

    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(part(el, 'menu')).to.not.equal(null);
    await sendKeys({ press: 'Tab' });
    await el.updateComplete;
    expect(part(el, 'menu'), 'Tab closes').to.equal(null);
  });

  it('closes on a press outside, and stays open for one inside', async () => {
    const el = await callIn(360);
    const menu = await openMenu(el);
    const box = menu.getBoundingClientRect();
    await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + 2)] });
    await el.updateComplete;
    expect(part(el, 'menu'), 'a press on the menu itself').to.not.equal(null);
    // The element is 360px wide at the top left; the page beside it is empty.
    await sendMouse({ type: 'click', position: [700, 10] });
    await el.updateComplete;
    expect(part(el, 'menu')).to.equal(null);
    expect(part(el, 'more-button')!.getAttribute('aria-expanded')).to.equal('false');
  });

  it('is accessible full and collapsed, menu open, in light and dark, right to left, and in German', async () => {
    for (const theme of ['light', 'dark'])
      for (const wrapper of [{}, { dir: 'rtl' }, { lang: 'de' }] as Array<Record<string, string>>)
        for (const width of [640, 360]) {
          const el = await callIn(width, { wrapper });
          el.theme = theme as 'light' | 'dark';
          if (wrapper.lang) el.strings = germanStrings;
          await el.updateComplete;
          if (width < 400) {
            await openMenu(el);
            if (wrapper.lang) expect(part(el, 'menu')!.getAttribute('aria-label')).to.equal('Weitere Optionen');
          }
          await expect(el, `${theme} ${JSON.stringify(wrapper)} ${width}px`).to.be.accessible();
          el.parentElement!.remove();
        }
  });

  it('collapses <voice-call> the same way', async () => {
    const el = (await callIn(340, { tag: 'voice-call' })) as unknown as VoiceCall;
    expect(visible(part(el, 'mute-button'))).to.equal(true);
    expect(visible(part(el, 'record-button'))).to.equal(false);
    await openMenu(el);
    expect(items(el)[0].textContent!.trim()).to.equal('Record');
    await expect(el).to.be.accessible();
  });
});
