import { expect } from '@open-wc/testing';
import type { IceProbe, SoundCheck, VideoCall, VoiceCall } from '../../components/index.js';
import { iceConfigUrl, testEnv, uniqueRoom, waitFor } from '../helpers/test-env.js';

// The CDN build as a page loads it: dist/lifeline.min.js alone up front, and each lazy part
// fetched from dist/chunks/ the first time the page uses it through the public API. Each test
// has a page of its own (an iframe), so its resource timeline counts only its own fetches.

interface CdnPage extends Window {
  lifeline?: typeof import('../../components/cdn.js');
}

let frame: HTMLIFrameElement | null = null;

async function openPage(body = '', lang = 'en', head = ''): Promise<CdnPage> {
  frame = document.createElement('iframe');
  frame.style.width = '800px';
  frame.style.height = '900px';
  frame.srcdoc = `<!doctype html><html lang="${lang}"><head>${head}</head><body>${body}<script type="module">window.lifeline = await import('/dist/lifeline.min.js');</script></body></html>`;
  document.body.append(frame);
  const page = frame.contentWindow as CdnPage;
  await waitFor(() => page.lifeline, 'the CDN build to load');
  return page;
}

/** What the page fetched from dist/, in order, without the chunks' content hashes: `chunks/recording`. */
function fetched(page: Window): string[] {
  return page.performance
    .getEntriesByType('resource')
    .map(({ name }) => new URL(name).pathname)
    .filter((path) => path.startsWith('/dist/'))
    .map((path) => path.slice('/dist/'.length).replace(/-[\w-]{8}\.js$/, ''));
}

const chunks = (page: Window) => fetched(page).filter((name) => name.startsWith('chunks/'));

describe('the CDN build (dist/lifeline.min.js)', () => {
  afterEach(() => {
    frame?.remove();
    frame = null;
  });

  it("can join with nothing but the entry, and fetches the calls' code as it joins", async () => {
    const page = await openPage(`<video-call signaling-url="${testEnv.signalingUrl}" room="${uniqueRoom('cdn')}"></video-call>`);
    const call = page.document.querySelector<VideoCall>('video-call')!;
    await call.updateComplete;
    expect(fetched(page), 'what the page loads before it can join').to.deep.equal(['lifeline.min.js']);
    expect(page.customElements.get('sound-check'), 'no <sound-check> on the page, none registered').to.equal(undefined);

    await call.join();
    await waitFor(() => call.getAttribute('state') === 'waiting', `<video-call> to wait in the room (is ${call.getAttribute('state')})`, 20_000);
    // In a call the element also fetches what it shows only there (banner, notices, host controls)
    // and its focus layouts, in whichever order they arrive.
    const joined = ['chunks/in-call', 'chunks/layout', 'chunks/room-calls', 'lifeline.min.js'];
    // The in-call parts and the layouts are fetched beside the join, and may land just after it.
    await waitFor(() => fetched(page).length === joined.length, 'the in-call parts and the layouts');
    expect(fetched(page).sort(), 'a join fetches the calls, the in-call parts and the layouts, and nothing more').to.deep.equal(joined);
    await call.leave();
    await call.join();
    expect(fetched(page).sort(), 'fetched once').to.deep.equal(joined);
  });

  it("fails a join with sdk_unavailable when the calls' code cannot be fetched", async () => {
    // The page's policy allows the entry only, as a CDN path that lost its chunks would.
    const entryOnly = `<meta http-equiv="Content-Security-Policy" content="script-src 'unsafe-inline' ${location.origin}/dist/lifeline.min.js">`;
    const page = await openPage(`<video-call signaling-url="${testEnv.signalingUrl}" room="${uniqueRoom('cdn-gone')}"></video-call>`, 'en', entryOnly);
    const call = page.document.querySelector<VideoCall>('video-call')!;
    const reported = new Promise<string>((resolve) => call.addEventListener('lifeline-error', (event) => resolve(event.detail.error.code), { once: true }));
    const failure = (await call.join().catch((error: unknown) => error)) as { code?: string };
    expect(failure.code).to.equal('sdk_unavailable');
    expect(await reported, 'the element reports it').to.equal('sdk_unavailable');
    expect(call.getAttribute('state')).to.not.equal('waiting');
  });

  it('falls back to long-polling where WebSocket is refused, fetching that transport only then, and the call connects', async () => {
    // As behind a proxy that refuses WebSocket: each of the page's WebSockets fails as a refused
    // upgrade does, with an error and then a close (code 1006), a moment after it is created.
    const refuseWebSocket = `<script>
      window.WebSocket = class {
        readyState = 0;
        constructor() {
          setTimeout(() => {
            this.readyState = 3;
            this.onerror?.(new Event('error'));
            this.onclose?.({ code: 1006, reason: '', wasClean: false });
          }, 20);
        }
        close() {}
        send() {}
      };
    </script>`;
    const room = uniqueRoom('cdn-polling');
    const tag = (id: string) => `<video-call signaling-url="${testEnv.signalingUrl}" room="${room}" participant-id="${id}"></video-call>`;
    const page = await openPage(tag('ada') + tag('bob'), 'en', refuseWebSocket);
    expect(fetched(page), 'nothing but the entry before a connection needs it').to.deep.equal(['lifeline.min.js']);

    const [ada, bob] = [...page.document.querySelectorAll<VideoCall>('video-call')];
    await Promise.all([ada.join(), bob.join()]);
    // Both connected: every offer, answer and candidate went through the long-polling fallback.
    await waitFor(() => ada.state === 'connected' && bob.state === 'connected', `both connected (${ada.state}, ${bob.state})`, 30_000);
    await waitFor(() => chunks(page).length === 4, 'the in-call parts and the layouts');
    expect(chunks(page).sort()).to.deep.equal(['chunks/in-call', 'chunks/layout', 'chunks/long-polling', 'chunks/room-calls']);
    expect(
      fetched(page).filter((name) => name === 'chunks/long-polling'),
      'fetched once for both connections',
    ).to.have.length(1);
  });

  it('fetches recording when <video-call recordable> starts recording, and records', async () => {
    const room = uniqueRoom('cdn-rec');
    const tag = (id: string) => `<video-call recordable signaling-url="${testEnv.signalingUrl}" room="${room}" participant-id="${id}" auto-join></video-call>`;
    const page = await openPage(tag('ada') + tag('bob'));
    const [ada, bob] = [...page.document.querySelectorAll<VideoCall>('video-call')];
    await waitFor(() => ada.state === 'connected' && bob.state === 'connected', 'both connected', 20_000);
    await waitFor(() => chunks(page).length === 3, 'the in-call parts and the layouts');
    expect(chunks(page).sort()).to.deep.equal(['chunks/in-call', 'chunks/layout', 'chunks/room-calls']);

    ada.recordingOptions = { chunkMs: 1_000 }; // not the default 30 s: the test waits for a chunk
    ada.shadowRoot!.querySelector<HTMLButtonElement>('[part~="record-button"]')!.click();
    await waitFor(() => ada.recording?.recording, 'the recording to start', 20_000);
    expect(chunks(page).slice(-1)).to.deep.equal(['chunks/recording']);
    const chunk = new Promise((resolve) => ada.recording!.on('chunk', resolve));
    await chunk;
    await ada.stopRecording();
    const manifest = await ada.recording!.delivered();
    expect(manifest.tracks.length).to.be.greaterThan(0);
    expect(chunks(page).sort(), 'fetched once').to.deep.equal(['chunks/in-call', 'chunks/layout', 'chunks/recording', 'chunks/room-calls']);
  });

  it('registers <sound-check> from its chunk when one is added, and runs it', async () => {
    const page = await openPage();
    expect(page.customElements.get('sound-check')).to.equal(undefined);
    expect(chunks(page)).to.deep.equal([]);

    // As a framework would: create, set a property before the tag is defined, then attach.
    const check = page.document.createElement('sound-check') as SoundCheck;
    check.duration = 1500;
    page.document.body.append(check);
    await page.customElements.whenDefined('sound-check');
    expect(check.duration, 'a property set before the upgrade is kept').to.equal(1500);
    expect(chunks(page)).to.include('chunks/sound-check');
    expect(chunks(page)).to.not.include('chunks/recording');

    const outcome = await check.start();
    expect(outcome.result).to.equal('pass');
    expect(check.getAttribute('state')).to.equal('pass');
  });

  it('registers <ice-probe> from its chunk when markup adds one, and runs it', async () => {
    const page = await openPage();
    const before = chunks(page);
    expect(before).to.deep.equal([]);

    page.document.body.innerHTML = `<ice-probe ice-config-url="${iceConfigUrl('default')}" timeout="3000"></ice-probe>`;
    const probe = page.document.querySelector<IceProbe>('ice-probe')!;
    await page.customElements.whenDefined('ice-probe');
    expect(chunks(page)).to.include.members(['chunks/ice-probe', 'chunks/diagnostics']);
    expect(chunks(page)).to.not.include('chunks/sound-check');

    const results = await probe.run();
    expect(results.length).to.be.greaterThan(0);
    expect(probe.getAttribute('state')).to.equal('passed');
  });

  it('gives the ICE probe and the sound meter to a page through loadDiagnostics()', async () => {
    const page = await openPage();
    expect(chunks(page)).to.deep.equal([]);
    const { probeIceServers, SoundMeter } = await page.lifeline!.loadDiagnostics();
    expect(SoundMeter).to.be.a('function');
    const [result] = await probeIceServers({ stun: [testEnv.turn.urls.stun] }, { timeoutMs: 3000 });
    expect(result.status).to.equal('ok');
    expect(chunks(page)).to.include('chunks/diagnostics');
    expect(chunks(page)).to.not.include.members(['chunks/ice-probe', 'chunks/sound-check']);
  });

  it('fetches the German table when an element is in a German part of the page, and renders again in German', async () => {
    const page = await openPage('<voice-call room="r"></voice-call>');
    await page.customElements.whenDefined('voice-call');
    const english = page.document.querySelector<VoiceCall>('voice-call')!;
    await english.updateComplete;
    expect(english.shadowRoot!.querySelector('[part~="status"]')!.textContent!.trim()).to.equal('Not in a call.');
    expect(chunks(page), '<voice-call> on first use, and no translation on an English page').to.deep.equal(['chunks/voice-call']);

    const wrapper = page.document.createElement('div');
    wrapper.lang = 'de-AT';
    wrapper.innerHTML = '<voice-call room="r"></voice-call>';
    page.document.body.append(wrapper);
    const german = wrapper.querySelector<VoiceCall>('voice-call')!;
    const status = () => german.shadowRoot?.querySelector('[part~="status"]')?.textContent?.trim();
    await waitFor(() => status() === 'Nicht in einem Gespräch.', `the German status (is ${status()})`);
    expect(chunks(page)).to.deep.equal(['chunks/voice-call', 'chunks/strings-de']);
    expect(english.shadowRoot!.querySelector('[part~="status"]')!.textContent!.trim(), 'the English element stays English').to.equal('Not in a call.');
  });
});
