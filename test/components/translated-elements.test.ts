import { expect, fixture, html } from '@open-wc/testing';
import '../../components/define.js';
import type { IceProbe, SoundCheck, VideoCall, VoiceCall } from '../../components/index.js';
import { germanStrings } from '../../components/strings/de.js';
import { part, parts, partText } from '../helpers/shadow-parts.js';
import { testEnv, uniqueRoom, waitFor } from '../helpers/test-env.js';

// Every text the elements show comes from the strings table: English built in, German shipped
// as a complete second language, and any part replaceable by a host.

describe("the elements in the strings table's words", () => {
  it('renders <video-call> entirely in German, and stays accessible', async () => {
    const el = await fixture<VideoCall>(html`<div lang="de"><video-call room="r" .strings=${germanStrings}></video-call></div>`).then((d) =>
      d.querySelector('video-call')!,
    );
    await el.updateComplete;
    expect(partText(el, 'status')).to.equal('Nicht in einem Gespräch.');
    expect(partText(el, 'mute-button')).to.equal('Stummschalten');
    expect(partText(el, 'camera-button')).to.equal('Kamera ausschalten');
    expect(partText(el, 'hang-up-button')).to.equal('Auflegen');
    expect(parts(el, 'name').map((n) => n.textContent!.trim())).to.deep.equal(['Sie']);
    expect(part(el, 'controls')!.getAttribute('aria-label')).to.equal('Gesprächssteuerung');
    await expect(el).to.be.accessible();
  });

  it('changes only what a partial override names, and re-renders when strings are replaced', async () => {
    const el = await fixture<VoiceCall>(html`<voice-call room="r" .strings=${{ status: { idle: 'Ready when you are.' } }}></voice-call>`);
    expect(partText(el, 'status')).to.equal('Ready when you are.');
    expect(partText(el, 'hang-up-button')).to.equal('Hang up');
    el.strings = { controls: { hangUp: 'End' } };
    await el.updateComplete;
    expect(partText(el, 'status')).to.equal('Not in a call.');
    expect(partText(el, 'hang-up-button')).to.equal('End');
  });

  it("says an error in the table's words by its code, and in the core's English otherwise", async () => {
    const broken = (strings: typeof germanStrings | null) => {
      const el = document.createElement('video-call');
      el.strings = strings;
      el.signalingUrl = testEnv.signalingUrl;
      el.room = 'not a valid room';
      el.autoJoin = true;
      return el;
    };
    for (const [strings, expected] of [
      [germanStrings, 'Nicht in einem Gespräch. Die Einstellungen dieses Gesprächs sind ungültig.'],
      [null, 'Not in a call. room must be'],
    ] as const) {
      const el = broken(strings);
      document.body.append(el);
      try {
        await waitFor(() => el.engine?.state === 'idle' && partText(el, 'status').length > 'Not in a call.'.length, 'the error in the status line');
        expect(partText(el, 'status')).to.contain(expected);
      } finally {
        el.remove();
      }
    }
  });

  it('renders <sound-check> and <ice-probe> in German', async () => {
    const check = await fixture<SoundCheck>(html`<sound-check .strings=${germanStrings}></sound-check>`);
    expect(partText(check, 'start-button')).to.equal('Mikrofon testen');
    expect(part(check, 'meter')!.getAttribute('aria-label')).to.equal('Mikrofonpegel');
    expect(partText(check, 'level-text')).to.equal('Hört nicht zu (-35 dB nötig).');
    const probe = await fixture<IceProbe>(html`<ice-probe .strings=${germanStrings} .iceConfig=${{ stun: [testEnv.turn.urls.stun] }}></ice-probe>`);
    expect(partText(probe, 'status')).to.equal('Noch nicht getestet.');
    await probe.run();
    await probe.updateComplete;
    expect(probe.shadowRoot!.querySelector('caption')!.textContent).to.equal('STUN- und TURN-Server');
    expect(partText(probe, 'status')).to.equal('Der Server ist erreichbar.');
    expect(probe.report('text'), 'the support report stays in English').to.contain('Reachable');
    await expect(probe).to.be.accessible();
  });

  it("announces who joins and leaves through a live region, in the table's words", async () => {
    const room = uniqueRoom('announce');
    const ada = await fixture<VoiceCall>(html`<voice-call room=${room} participant-id="ada" signaling-url=${testEnv.signalingUrl} auto-join></voice-call>`);
    await waitFor(() => ada.state === 'waiting', 'Ada waiting');
    const region = part(ada, 'announcement')!;
    expect(region.getAttribute('aria-live')).to.equal('polite');
    expect(region.textContent).to.equal('');
    const bob = await fixture<VoiceCall>(
      html`<voice-call room=${room} participant-id="bob" display-name="Bob" signaling-url=${testEnv.signalingUrl} auto-join></voice-call>`,
    );
    await waitFor(() => part(ada, 'announcement')!.textContent === 'Bob joined the call.', 'Bob announced');
    ada.strings = germanStrings;
    await bob.leave();
    await waitFor(() => part(ada, 'announcement')!.textContent === 'Bob hat das Gespräch verlassen.', 'Bob leaving announced in German');
  });
});
