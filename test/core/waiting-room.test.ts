import { expect } from '@open-wc/testing';
import type { CallEngineOptions, CallError, EndedReason, Knock, MuteRequest } from '../../src/index.js';
import { EngineFactory, waitForPeers, waitForState } from '../helpers/engines.js';
import { devToken, sleep, testEnv, uniqueRoom, waitFor } from '../helpers/test-env.js';

// The waiting room and a host's controls end to end: two engines in this browser against the
// reference server with join tokens on, with real media between them once admitted.

describe('waiting room and host controls', () => {
  const engines = new EngineFactory({ signalingUrl: testEnv.tokenSignalingUrl, media: { audio: true, video: true } });
  const make = (options: CallEngineOptions) => engines.create(options);
  afterEach(() => engines.destroyAll());

  /** A host in a locked room, and a guest knocking at it. */
  async function hostAndKnockingGuest(room: string, guestClaims: { publish?: ('audio' | 'video')[] } = {}) {
    const host = make({ participantId: 'doctor', token: await devToken({ room, sub: 'doctor', name: 'Dr. Ada', role: 'host', waitingRoom: true }) });
    const knocks: Knock[] = [];
    host.on('knock', (knock) => knocks.push(knock));
    await host.join(room);
    expect(host.access.role).to.equal('host');
    await waitFor(() => host.access.locked, 'the host hears the room is locked');
    const guest = make({ participantId: 'patient', token: await devToken({ room, sub: 'patient', name: 'Pat', ...guestClaims }) });
    const ended: EndedReason[] = [];
    const errors: CallError[] = [];
    guest.on('ended', (reason) => ended.push(reason));
    guest.on('error', (error) => errors.push(error));
    await guest.join(room);
    return { host, guest, knocks, ended, errors };
  }

  /** A host (Dr. Ada) and a guest in an unlocked room, in a call with each other. */
  async function hostAndGuestInCall(prefix: string) {
    const room = uniqueRoom(prefix);
    const host = make({ participantId: 'doctor', token: await devToken({ room, sub: 'doctor', name: 'Dr. Ada', role: 'host' }) });
    const guest = make({ participantId: 'patient', token: await devToken({ room, sub: 'patient' }) });
    await host.join(room);
    await guest.join(room);
    await waitForPeers(host, ['patient']);
    await waitForPeers(guest, ['doctor']);
    return { room, host, guest };
  }

  it('a guest waits in the waiting room with its camera on, hearing nothing, until the host admits it; then media flows', async () => {
    const room = uniqueRoom('waiting');
    const { host, guest, knocks } = await hostAndKnockingGuest(room);
    expect(guest.state).to.equal('waiting-room');
    expect(guest.localStream?.getVideoTracks()[0]?.readyState, 'a preview while waiting').to.equal('live');
    await waitFor(() => knocks.length === 1, 'the host sees the knock');
    expect(knocks[0]).to.deep.equal({ participantId: 'patient', name: 'Pat' });
    expect(host.access.knocks.map((k) => k.participantId)).to.deep.equal(['patient']);
    // Waiting is no place in the room: after a while, still nobody on either side.
    await sleep(1_000);
    expect(guest.state).to.equal('waiting-room');
    expect(host.participants).to.deep.equal([]);
    expect(guest.participants).to.deep.equal([]);

    await host.admit('patient');
    await waitForPeers(guest, ['doctor']);
    await waitForPeers(host, ['patient']);
    expect(host.access.knocks).to.deep.equal([]);
    await waitFor(() => (host.remoteStreams.get('patient')?.getVideoTracks().length ?? 0) > 0, "the guest's video reaches the host");
    expect(guest.participants.map((p) => p.name)).to.deep.equal(['Dr. Ada']);
  });

  it('a denied guest ends with reason denied and a typed error', async () => {
    const room = uniqueRoom('waiting');
    const { host, guest, knocks, ended, errors } = await hostAndKnockingGuest(room);
    await waitFor(() => knocks.length === 1, 'the knock');
    await host.deny('patient');
    await waitForState(guest, 'ended');
    expect(ended).to.deep.equal(['denied']);
    expect(guest.endReason).to.equal('denied');
    expect(errors.map((e) => e.code)).to.include('denied');
    expect(guest.localStream, 'the camera is released').to.equal(null);
  });

  it('a guest cannot admit itself or command the room: the server refuses with not_permitted', async () => {
    const { host, guest } = await hostAndGuestInCall('waiting');
    // The client's own check says no first; a client that skips it meets the server's.
    const refusal = await guest.access.endForEveryone().then(
      () => 'done',
      (error: CallError) => error.code,
    );
    expect(refusal).to.equal('not_permitted');
    const transport = (guest as unknown as { link: { transport: { command(c: unknown): Promise<void> } } }).link.transport;
    for (const command of [
      { action: 'end' },
      { action: 'remove', participantId: 'doctor' },
      { action: 'mute', participantId: 'doctor', kinds: ['audio'] },
      { action: 'lock' },
    ]) {
      const code = await transport.command(command).then(
        () => 'done',
        (error: CallError) => error.code,
      );
      expect(code, command.action).to.equal('not_permitted');
    }
    await sleep(300);
    expect(host.state).to.equal('connected');
    expect(host.media.audio).to.equal(true);
  });

  it("asked to mute, a guest's microphone goes off and it hears who asked; it can unmute itself", async () => {
    const { host, guest } = await hostAndGuestInCall('host');
    const requests: MuteRequest[] = [];
    guest.on('mute-requested', (request) => requests.push(request));
    await host.access.requestMute('patient');
    await waitFor(() => requests.length === 1, 'the request arrives');
    expect(requests[0]).to.deep.equal({ byId: 'doctor', byName: 'Dr. Ada', kinds: ['audio'] });
    expect(guest.media.audio).to.equal(false);
    expect(guest.localStream!.getAudioTracks()[0].enabled).to.equal(false);
    await waitFor(() => host.participants[0]?.audio === false, 'the host sees the guest muted');
    guest.setAudioEnabled(true);
    await waitFor(() => host.participants[0]?.audio === true, 'and unmuted again, by the guest');
  });

  it('removed by the host, a guest ends with reason removed and cannot come back', async () => {
    const { room, host, guest } = await hostAndGuestInCall('host');
    await host.access.remove('patient');
    await waitForState(guest, 'ended');
    expect(guest.endReason).to.equal('removed');
    await waitFor(() => host.participants.length === 0, 'the host sees them leave');
    const again = make({ participantId: 'patient', token: await devToken({ room, sub: 'patient' }) });
    expect(
      await again.join(room).then(
        () => 'joined',
        (error: CallError) => error.code,
      ),
    ).to.equal('removed');
  });

  it("end for everyone ends every session, the host's too, with reason ended-by-host", async () => {
    const { host, guest } = await hostAndGuestInCall('host');
    await host.access.endForEveryone();
    await waitForState(guest, 'ended');
    await waitForState(host, 'ended');
    expect([host.endReason, guest.endReason]).to.deep.equal(['ended-by-host', 'ended-by-host']);
  });

  it('a guest whose token publishes audio only sends no video, and its call connects', async () => {
    const room = uniqueRoom('publish');
    const { host, guest } = await hostAndKnockingGuest(room, { publish: ['audio'] });
    await host.admit('patient');
    await waitForPeers(host, ['patient']);
    expect(guest.access.publish).to.deep.equal(['audio']);
    await waitFor(() => (host.remoteStreams.get('patient')?.getAudioTracks().length ?? 0) > 0, "the guest's audio arrives");
    // The host's video reaches the guest; the guest's never leaves it.
    await waitFor(() => (guest.remoteStreams.get('doctor')?.getVideoTracks().length ?? 0) > 0, "the host's video reaches the guest");
    const pc = guest.peerConnections.get('doctor')!;
    const sending = pc.getSenders().filter((sender) => sender.track?.kind === 'video');
    expect(sending, 'no video sender').to.deep.equal([]);
    const stats = await host.peerConnections.get('patient')!.getStats();
    const videoIn = [...stats.values()].filter((s) => s.type === 'inbound-rtp' && s.kind === 'video');
    expect(
      videoIn.every((s) => !s.bytesReceived),
      'no video bytes from the guest',
    ).to.equal(true);
  });
});
