// The Vue example (demo/frameworks/vue-voice-call.ts) mounted by Vue's own browser build: an
// attribute binding and object properties reach <voice-call>, and its lifeline-state-change
// reaches the Vue component, which renders the state and emits it.
import { expect } from '@open-wc/testing';
import { createApp, type App } from 'vue/dist/vue.esm-browser.prod.js';
import '../../components/voice-call/voice-call.js';
import { LIFELINE_TAGS, useLifelineElements, VoiceCallPanel } from '../../demo/frameworks/vue-voice-call.js';
import { testEnv, uniqueRoom, waitFor } from '../helpers/test-env.js';
import { VirtualDevicesFactory } from '../helpers/virtual-devices.js';

describe('Vue', () => {
  const layers = new VirtualDevicesFactory();
  let container: HTMLElement;
  let app: App | null = null;

  beforeEach(() => {
    container = document.body.appendChild(document.createElement('div'));
  });
  afterEach(() => {
    app?.unmount();
    app = null;
    container.remove();
    layers.disposeAll();
  });

  it('leaves every tag Lifeline registers to the browser, and only those', async () => {
    // The tags as custom-elements.json (written by the build) lists them.
    const manifest: { modules: { exports?: { kind: string; name: string }[] }[] } = await (await fetch('/custom-elements.json')).json();
    const registered = manifest.modules.flatMap((module) => module.exports ?? []).filter((entry) => entry.kind === 'custom-element-definition');
    expect([...LIFELINE_TAGS].sort()).to.deep.equal(registered.map((entry) => entry.name).sort());
    const { isCustomElement } = useLifelineElements(createApp({})).config.compilerOptions;
    expect(LIFELINE_TAGS.filter((tag) => isCustomElement!(tag))).to.deep.equal(LIFELINE_TAGS);
    expect(isCustomElement!('div')).to.equal(false);
  });

  it('binds properties and attributes on <voice-call> and hears its lifeline-state-change', async () => {
    const devices = layers.create();
    devices.addMicrophone('Headset');
    const iceConfig = { stun: [testEnv.turn.urls.stun] };
    const room = uniqueRoom('vue');
    const emitted: string[] = [];
    app = useLifelineElements(
      createApp(VoiceCallPanel, {
        room,
        signalingUrl: testEnv.signalingUrl,
        iceConfig,
        mediaDevices: devices,
        onState: (state: string) => emitted.push(state),
      }),
    );
    app.mount(container);

    const el = container.querySelector('voice-call')!;
    expect(el).to.be.instanceOf(customElements.get('voice-call')!);
    expect(el.room).to.equal(room);
    expect(el.signalingUrl).to.equal(testEnv.signalingUrl);
    expect(el.getAttribute('signaling-url')).to.equal(testEnv.signalingUrl);
    expect(el.autoJoin).to.equal(true);
    // Objects arrive as themselves, not as copies or Proxies.
    expect(el.iceConfig).to.equal(iceConfig);
    expect(el.mediaDevices).to.equal(devices);

    const shown = container.querySelector('.call-state')!;
    await waitFor(() => shown.textContent === 'waiting', `Vue to render the state waiting (shows ${shown.textContent})`);
    expect(emitted).to.include.members(['joining', 'waiting']);
    expect(el.getAttribute('state')).to.equal('waiting');
  });
});
