import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../components/video-call/video-call.js';
import type { VideoCall } from '../../components/video-call/video-call.component.js';
import { LifelineParticipantJoinedEvent, LifelineStateChangeEvent } from '../../components/events/index.js';
import { CallEngine } from '../../src/index.js';
import { createMemoryTransportPair } from '../../src/testing.js';
import { selectedLocalCandidate } from '../helpers/rtp-stats.js';
import { iceConfigUrl, testEnv, uniqueRoom, waitFor } from '../helpers/test-env.js';

const part = (el: VideoCall, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const parts = (el: VideoCall, name: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`)];

async function stateOf(el: VideoCall, state: string, timeoutMs = 20_000) {
  await waitFor(() => el.getAttribute('state') === state, `<video-call> state=${state} (is ${el.getAttribute('state')})`, timeoutMs);
}

describe('<video-call>', () => {
  it('starts idle, reflects its state and is accessible', async () => {
    const el = await fixture<VideoCall>(html`<video-call room="r" display-name="Ada"></video-call>`);
    expect(el.getAttribute('state')).to.equal('idle');
    expect(part(el, 'status')!.textContent).to.contain('Not in a call');
    expect(part(el, 'hang-up-button')!.hasAttribute('disabled')).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('puts two elements in a call: remote video plays, events fire, and it stays accessible', async () => {
    const room = uniqueRoom();
    const ada = await fixture<VideoCall>(
      html`<video-call room=${room} display-name="Ada" participant-id="ada" signaling-url=${testEnv.signalingUrl} auto-join></video-call>`,
    );
    await stateOf(ada, 'waiting');
    const joined = oneEvent(ada, LifelineParticipantJoinedEvent.eventName) as Promise<LifelineParticipantJoinedEvent>;
    const connected = new Promise<LifelineStateChangeEvent>((resolve) =>
      ada.addEventListener('lifeline-state-change', (e) => e.detail.state === 'connected' && resolve(e)),
    );
    const bob = await fixture<VideoCall>(
      html`<video-call room=${room} display-name="Bob" participant-id="bob" signaling-url=${testEnv.signalingUrl} auto-join></video-call>`,
    );
    expect((await joined).detail.participant.name).to.equal('Bob');
    expect((await connected).detail.previous).to.be.oneOf(['connecting', 'waiting']);
    await stateOf(bob, 'connected');
    const remote = await waitFor(() => part(bob, 'remote-video') as HTMLVideoElement | null, 'a remote video');
    expect(remote.dataset.participantId).to.equal('ada');
    await waitFor(() => remote.videoWidth > 0 && remote.currentTime > 0, 'remote video frames playing');
    expect(parts(bob, 'name').map((n) => n.textContent!.trim())).to.deep.equal(['Bob', 'Ada']);
    await expect(bob).to.be.accessible();
  });

  it('takes its ICE config from ice-config-url: a relay-only call through coturn', async () => {
    const room = uniqueRoom();
    const url = iceConfigUrl('relay-udp');
    const [ada, bob] = await Promise.all(
      ['ada', 'bob'].map((id) =>
        fixture<VideoCall>(
          html`<video-call room=${room} participant-id=${id} signaling-url=${testEnv.signalingUrl} ice-config-url=${url} auto-join></video-call>`,
        ),
      ),
    );
    await stateOf(ada, 'connected');
    await stateOf(bob, 'connected');
    const pc = ada.engine!.peerConnections.get('bob')!;
    expect(pc.getConfiguration().iceTransportPolicy).to.equal('relay');
    const local = await waitFor(() => selectedLocalCandidate(pc), 'a selected candidate pair');
    expect(local.candidateType).to.equal('relay');
  });

  it('mutes the microphone and turns the camera off from its buttons', async () => {
    const el = await fixture<VideoCall>(html`<video-call room=${uniqueRoom()} signaling-url=${testEnv.signalingUrl} auto-join></video-call>`);
    await stateOf(el, 'waiting');
    const mute = part(el, 'mute-button')!;
    mute.click();
    await el.updateComplete;
    expect(mute.getAttribute('aria-pressed')).to.equal('true');
    expect(el.engine!.localStream!.getAudioTracks()[0].enabled).to.equal(false);
    part(el, 'camera-button')!.click();
    await el.updateComplete;
    expect(part(el, 'camera-button')!.getAttribute('aria-pressed')).to.equal('true');
    expect(el.engine!.localStream!.getVideoTracks()[0].enabled).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('hangs up from its button and releases the camera when removed', async () => {
    const el = await fixture<VideoCall>(html`<video-call room=${uniqueRoom()} signaling-url=${testEnv.signalingUrl} auto-join></video-call>`);
    await stateOf(el, 'waiting');
    const tracks = el.engine!.localStream!.getTracks();
    const ended = new Promise((resolve) => el.addEventListener('lifeline-state-change', (e) => e.detail.state === 'ended' && resolve(e)));
    part(el, 'hang-up-button')!.click();
    await ended;
    expect(el.getAttribute('state')).to.equal('ended');
    expect(tracks.every((t) => t.readyState === 'ended')).to.equal(true);
    await expect(el).to.be.accessible();
    el.remove();
    expect(el.engine).to.equal(null);
  });

  it('reports a broken configuration as a lifeline-error and says so', async () => {
    const el = document.createElement('video-call');
    el.room = 'not a valid room';
    el.autoJoin = true;
    const failed = oneEvent(el, 'lifeline-error');
    document.body.append(el);
    try {
      const event = await failed;
      expect(event.detail.error.code).to.equal('invalid_config');
      await el.updateComplete;
      expect(el.getAttribute('state')).to.equal('idle');
      expect(part(el, 'status')!.textContent).to.contain('room must be');
      await expect(el).to.be.accessible();
    } finally {
      el.remove();
    }
  });

  it('renders a hostile participant name as text', async () => {
    const room = uniqueRoom();
    const hostile = '<img src=x onerror="window.pwned=1">\u202Eevil';
    const el = await fixture<VideoCall>(html`<video-call room=${room} participant-id="host" signaling-url=${testEnv.signalingUrl} auto-join></video-call>`);
    await stateOf(el, 'waiting');
    const guest = new CallEngine({ signalingUrl: testEnv.signalingUrl, participantId: 'guest', displayName: hostile, media: { audio: true, video: false } });
    try {
      await guest.join(room);
      const names = await waitFor(() => (parts(el, 'name').length === 2 ? parts(el, 'name') : null), 'the guest tile');
      expect(names[1].textContent!.trim()).to.equal(hostile);
      expect(el.shadowRoot!.querySelector('img')).to.equal(null);
      expect((window as unknown as { pwned?: number }).pwned).to.equal(undefined);
    } finally {
      guest.destroy();
    }
  });

  it('drives an engine the host created, without destroying it on removal', async () => {
    const engine = new CallEngine({ signalingUrl: testEnv.signalingUrl, media: { audio: true, video: false } });
    try {
      const el = await fixture<VideoCall>(html`<video-call .engine=${engine}></video-call>`);
      await engine.join(uniqueRoom());
      await stateOf(el, 'waiting');
      el.remove();
      expect(engine.state).to.equal('waiting');
    } finally {
      engine.destroy();
    }
  });

  it('shows an accessible incoming-call prompt in direct mode, and accepting connects', async () => {
    const [calleeLink, callerLink] = createMemoryTransportPair();
    const quiet = { logger: { warn: () => {} }, mode: 'direct' as const };
    const callee = new CallEngine({ ...quiet, participantId: 'callee', transport: calleeLink, media: { audio: true, video: false } });
    const caller = new CallEngine({ ...quiet, participantId: 'caller', displayName: 'Grace', transport: callerLink, media: { audio: true, video: false } });
    try {
      const el = await fixture<VideoCall>(html`<video-call mode="direct" .engine=${callee}></video-call>`);
      await callee.join('office');
      await caller.join('office');
      await waitFor(() => caller.participants.length === 1, 'the caller to see the callee');
      const ringing = oneEvent(el, 'lifeline-incoming-call');
      const answered = caller.call('callee');
      expect((await ringing).detail.call.name).to.equal('Grace');
      const prompt = await waitFor(() => part(el, 'incoming'), 'the incoming-call prompt');
      expect(prompt.getAttribute('aria-label')).to.equal('Incoming call from Grace');
      await expect(el).to.be.accessible();
      part(el, 'accept-button')!.click();
      await answered;
      await stateOf(el, 'connected');
      expect(part(el, 'incoming')).to.equal(null);
    } finally {
      callee.destroy();
      caller.destroy();
    }
  });

  it('leaves the prompt to the host when it cancels lifeline-incoming-call', async () => {
    const [calleeLink, callerLink] = createMemoryTransportPair();
    const quiet = { logger: { warn: () => {} }, mode: 'direct' as const, media: { audio: true, video: false } };
    const callee = new CallEngine({ ...quiet, participantId: 'callee', transport: calleeLink });
    const caller = new CallEngine({ ...quiet, participantId: 'caller', transport: callerLink });
    try {
      const el = await fixture<VideoCall>(html`<video-call mode="direct" .engine=${callee}></video-call>`);
      el.addEventListener('lifeline-incoming-call', (event) => {
        event.preventDefault();
        event.detail.call.decline();
      });
      await callee.join('office');
      await caller.join('office');
      await waitFor(() => caller.participants.length === 1, 'the caller to see the callee');
      const error = await caller.call('callee').catch((e) => e);
      expect(error).to.have.property('code', 'call_declined');
      await el.updateComplete;
      expect(part(el, 'incoming')).to.equal(null);
    } finally {
      callee.destroy();
      caller.destroy();
    }
  });
});
