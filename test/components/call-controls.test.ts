import { expect, fixture, html } from '@open-wc/testing';
import '../../components/define.js';
import type { LifelineRecordingEvent, VideoCall, VoiceCall } from '../../components/index.js';
import { part } from '../helpers/shadow-parts.js';
import { testEnv, uniqueRoom, waitFor } from '../helpers/test-env.js';

// What a host can change in the call elements' chrome: hide or replace the controls, add its
// branding, offer recording from a button.

describe('call controls and slots', () => {
  it("hides the control bar with no-controls, and shows a host's own in the controls slot", async () => {
    const bare = await fixture<VideoCall>(html`<video-call no-controls></video-call>`);
    expect(part(bare, 'controls')).to.equal(null);
    const custom = await fixture<VideoCall>(html`<video-call><div slot="controls"><button>Leave interview</button></div></video-call>`);
    const slot = custom.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="controls"]')!;
    expect(slot.assignedElements()[0].textContent).to.equal('Leave interview');
    const fallback = await fixture<VideoCall>(html`<video-call></video-call>`);
    expect(part(fallback, 'controls')!.closest('slot')!.assignedElements()).to.have.length(0);
    expect(part(fallback, 'controls')!.checkVisibility()).to.equal(true);
  });

  it("shows a host's branding beside the status line", async () => {
    const el = await fixture<VoiceCall>(
      html`<voice-call><img slot="branding" alt="Acme Health" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" /></voice-call>`,
    );
    const slot = el.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="branding"]')!;
    expect(slot.assignedElements()[0].getAttribute('alt')).to.equal('Acme Health');
    await expect(el).to.be.accessible();
  });

  it("offers a record button with recordable, pressed while recording, and saves to the signaling server's sink", async () => {
    const room = uniqueRoom('rec-button');
    const element = (id: string) =>
      fixture<VideoCall>(
        html`<video-call room=${room} participant-id=${id} signaling-url=${testEnv.signalingUrl} recordable .recordingOptions=${{ chunkMs: 1_000 }} auto-join></video-call>`,
      );
    const [ada, bob] = [await element('ada'), await element('bob')];
    await waitFor(() => ada.state === 'connected' && bob.state === 'connected', 'both connected');
    const record = part(ada, 'record-button')!;
    expect(record.getAttribute('aria-pressed')).to.equal('false');
    expect(record.hasAttribute('disabled')).to.equal(false);
    const states: string[] = [];
    ada.addEventListener('lifeline-recording', (e: LifelineRecordingEvent) => states.push(e.detail.state));

    record.click();
    await waitFor(() => part(ada, 'record-button')!.getAttribute('aria-pressed') === 'true', 'the record button pressed');
    expect(part(ada, 'recording')!.dataset.state).to.equal('recording');
    await expect(ada).to.be.accessible();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    part(ada, 'record-button')!.click();
    await waitFor(() => part(ada, 'recording')?.dataset.state === 'saved', 'the recording saved', 20_000);
    expect(part(ada, 'record-button')!.getAttribute('aria-pressed')).to.equal('false');
    expect(states).to.deep.equal(['recording', 'saving', 'saved']);
    const manifest = await ada.recording!.delivered();
    expect(manifest.missing).to.deep.equal([]);
    expect(manifest.tracks.length).to.be.greaterThan(0);
  });

  it('has no record button unless recordable', async () => {
    const el = await fixture<VideoCall>(html`<video-call></video-call>`);
    expect(part(el, 'record-button')).to.equal(null);
  });
});
