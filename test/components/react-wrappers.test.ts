// The generated React wrappers (`lifeline/react`, build/react/), rendered by real React 19:
// props reach the elements, React state changes reach them again, and their DOM events reach
// the `onX` props. React itself comes as ES modules through test/helpers/react-esm.mjs.
import { expect } from '@open-wc/testing';
import { createElement, useState, type ReactElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { IceProbe, SoundCheck, VideoCall, VoiceCall } from '../../build/react/index.js';
import { testEnv, uniqueRoom, waitFor } from '../helpers/test-env.js';
import { VirtualDevicesFactory } from '../helpers/virtual-devices.js';

const part = (el: Element, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);

describe('React wrappers', () => {
  const layers = new VirtualDevicesFactory();
  let container: HTMLElement;
  let root: Root;

  beforeEach(() => {
    container = document.body.appendChild(document.createElement('div'));
    root = createRoot(container);
  });
  afterEach(() => {
    root.unmount();
    container.remove();
    layers.disposeAll();
  });

  /** Renders `element` and waits until React has put `tag` on the page. */
  async function render<K extends keyof HTMLElementTagNameMap>(element: ReactElement, tag: K): Promise<HTMLElementTagNameMap[K]> {
    root.render(element);
    return waitFor(() => container.querySelector(tag), `React to render <${tag}>`);
  }

  it('renders each element as its registered tag', async () => {
    const rendered: [ReactElement, keyof HTMLElementTagNameMap][] = [
      [createElement(VideoCall), 'video-call'],
      [createElement(VoiceCall), 'voice-call'],
      [createElement(SoundCheck), 'sound-check'],
      [createElement(IceProbe), 'ice-probe'],
    ];
    for (const [element, tag] of rendered) {
      const el = await render(element, tag);
      expect(el).to.be.instanceOf(customElements.get(tag)!);
    }
  });

  it('sets props as the element properties, objects included, and renders again when React state changes', async () => {
    const devices = layers.create();
    let rename: (name: string) => void = () => {};
    function Host() {
      const [name, setName] = useState('Ada');
      rename = setName;
      return createElement(VideoCall, { room: 'react-room', displayName: name, noDevicePickers: true, mediaDevices: devices });
    }
    const el = await render(createElement(Host), 'video-call');
    await waitFor(() => el.displayName === 'Ada', 'displayName');
    expect(el.room).to.equal('react-room');
    expect(el.noDevicePickers).to.equal(true);
    expect(el.mediaDevices).to.equal(devices);
    await el.updateComplete;
    expect(part(el, 'name')!.textContent).to.contain('Ada');

    rename('Grace');
    await waitFor(() => el.displayName === 'Grace', 'the new displayName');
    await el.updateComplete;
    expect(part(el, 'name')!.textContent).to.contain('Grace');
    // The same element, updated, not a new one.
    expect(container.querySelector('video-call')).to.equal(el);
  });

  it('hands lifeline-state-change to onLifelineStateChange as the typed event', async () => {
    const devices = layers.create();
    devices.addCamera('Desk camera');
    devices.addMicrophone('Headset');
    const states: string[] = [];
    const el = await render(
      createElement(VideoCall, {
        room: uniqueRoom('react'),
        signalingUrl: testEnv.signalingUrl,
        autoJoin: true,
        mediaDevices: devices,
        onLifelineStateChange: (event) => states.push(event.detail.state),
      }),
      'video-call',
    );
    await waitFor(() => states.includes('waiting'), `onLifelineStateChange to see waiting (saw ${states.join(', ')})`);
    expect(states[0]).to.equal('joining');
    expect(el.getAttribute('state')).to.equal('waiting');

    // Unmounted, the element leaves the page and its call with it.
    root.render(createElement('div'));
    await waitFor(() => el.engine === null, 'the engine the element made to be destroyed');
  });

  it("hands another element's event (lifeline-ice-probe) to its onX prop", async () => {
    const results: string[] = [];
    await render(
      createElement(IceProbe, {
        iceConfig: { stun: [testEnv.turn.urls.stun] },
        autoRun: true,
        onLifelineIceProbe: (event) => results.push(...event.detail.results.map((result) => `${result.url} ${result.status}`)),
      }),
      'ice-probe',
    );
    await waitFor(() => results.length > 0, 'onLifelineIceProbe');
    expect(results).to.deep.equal([`${testEnv.turn.urls.stun} ok`]);
  });
});

// Compile-time checks, never run: `npm run typecheck` fails if the wrappers' props stop being
// typed from the elements and their events.
export function propsAreTyped() {
  // @ts-expect-error `room` is a string on <video-call>.
  createElement(VideoCall, { room: 42 });
  // @ts-expect-error the handler gets a LifelineStateChangeEvent, whose detail has no `results`.
  createElement(VideoCall, { onLifelineStateChange: (event) => event.detail.results });
}
