import { expect, fixture, html } from '@open-wc/testing';
import '../../components/define.js';
import type { VideoCall, VoiceCall } from '../../components/index.js';
import { CallEngine } from '../../src/index.js';
import { connectRaw } from '../helpers/raw-client.js';
import { part, parts } from '../helpers/shadow-parts.js';
import { testEnv, uniqueRoom, waitFor } from '../helpers/test-env.js';

// Names come from other people: they are shown as text, never as markup, and no name, however
// long or however it plays with text direction, can run script or push the layout out of shape.

// Three guests: a room holds four people.
const HOSTILE = [
  '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>',
  'javascript:window.pwned=3 \u202Eexe.gpj\u202C Bob \u2067',
  'W'.repeat(256),
];

declare global {
  interface Window {
    pwned?: number;
  }
}

/** Nothing in the element is wider than the element, and its frame does not scroll sideways. */
function expectContained(el: HTMLElement) {
  const box = el.getBoundingClientRect();
  const base = part(el, 'base')!;
  expect(base.scrollWidth, 'the frame overflows sideways').to.be.at.most(base.clientWidth + 1);
  for (const name of parts(el, 'name')) {
    const rect = name.getBoundingClientRect();
    expect(rect.left, 'a name starts outside the element').to.be.at.least(box.left - 1);
    expect(rect.right, 'a name ends outside the element').to.be.at.most(box.right + 1);
    expect(rect.height, 'a name wraps onto many lines').to.be.below(60);
  }
}

describe('hostile participant names', () => {
  const guests: CallEngine[] = [];
  afterEach(() => {
    for (const guest of guests.splice(0)) guest.destroy();
    delete window.pwned;
  });

  for (const tag of ['video-call', 'voice-call'] as const) {
    it(`<${tag}> shows markup, URLs, bidi overrides and long names as contained text`, async () => {
      const room = uniqueRoom('names');
      const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 420px"></div>`);
      const el = document.createElement(tag) as VideoCall | VoiceCall;
      Object.assign(el, { room, participantId: 'host', signalingUrl: testEnv.signalingUrl, autoJoin: true, displayName: 'Z'.repeat(10_240) });
      wrapper.append(el);
      await waitFor(() => el.state === 'waiting', 'the host waiting');
      for (const [i, name] of HOSTILE.entries()) {
        const guest = new CallEngine({
          signalingUrl: testEnv.signalingUrl,
          participantId: `guest-${i}`,
          displayName: name,
          media: { audio: true, video: false },
        });
        guests.push(guest);
        await guest.join(room);
      }
      const names = await waitFor(() => (parts(el, 'name').length === 1 + HOSTILE.length ? parts(el, 'name') : null), 'every guest shown', 20_000);
      await el.updateComplete;
      expect(names[0].textContent!.trim(), 'the local name is shown whole, as given').to.have.length(10_240);
      expect(names.slice(1).map((n) => n.textContent!.trim())).to.have.members(HOSTILE.map((n) => n.trim()));
      expect(el.shadowRoot!.querySelector('img, script, a, iframe'), 'markup in a name became an element').to.equal(null);
      expect(window.pwned).to.equal(undefined);
      for (const name of names) expect(getComputedStyle(name).unicodeBidi, 'a name can reorder the text around it').to.equal('isolate');
      expectContained(el);
      // Initials are letters and digits only: no markup characters, no bidi controls.
      for (const avatar of parts(el, 'avatar')) expect(avatar.textContent).to.match(/^[\p{L}\p{N}]{0,2}$/u);
    });
  }

  it('never shows a name longer than the protocol allows: the server refuses it', async () => {
    const room = uniqueRoom('long-name');
    const el = await fixture<VoiceCall>(html`<voice-call room=${room} participant-id="host" signaling-url=${testEnv.signalingUrl} auto-join></voice-call>`);
    await waitFor(() => el.state === 'waiting', 'the host waiting');
    const refused = await connectRaw({ room, participantId: 'mallory', name: 'M'.repeat(10_240) }).then(
      (client) => (client.close(), null),
      (reason) => reason,
    );
    expect(refused, 'a 10 KB name was let in').to.not.equal(null);
    const guest = await connectRaw({ room, participantId: 'eve', name: 'Eve' });
    try {
      const ack = await guest.send({
        v: 1,
        type: 'JOIN',
        toId: '*',
        payload: { instanceId: crypto.randomUUID(), name: 'E'.repeat(10_240), audio: true, video: false },
      });
      expect(ack.ok, 'a 10 KB name in a message was relayed').to.equal(false);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(
        parts(el, 'name')
          .map((n) => n.textContent!.length)
          .every((length) => length <= 256),
      ).to.equal(true);
      expectContained(el);
    } finally {
      guest.close();
    }
  });

  it("isolates a caller's name in the incoming-call prompt", async () => {
    const room = uniqueRoom('ring');
    const el = await fixture<VideoCall>(
      html`<video-call room=${room} mode="direct" participant-id="callee" signaling-url=${testEnv.signalingUrl} auto-join></video-call>`,
    );
    await waitFor(() => el.state === 'waiting', 'the callee waiting');
    const caller = new CallEngine({
      signalingUrl: testEnv.signalingUrl,
      mode: 'direct',
      participantId: 'caller',
      displayName: '\u202Eevil <b>x</b>',
      media: { audio: true, video: false },
    });
    guests.push(caller);
    await caller.join(room);
    await waitFor(() => caller.participants.some((p) => p.id === 'callee'), 'the caller sees the callee');
    void caller.call('callee').catch(() => {});
    const prompt = await waitFor(() => part(el, 'incoming'), 'the incoming-call prompt');
    const text = prompt.querySelector('.incoming-text')!.textContent!;
    expect(text).to.equal('Incoming call from \u2068\u202Eevil <b>x</b>\u2069');
    expect(prompt.querySelector('b')).to.equal(null);
    await expect(el).to.be.accessible();
  });
});
