import { expect } from '@open-wc/testing';
import type { CallEngine, IceConfigInfo } from '../../src/index.js';
import { EngineFactory, waitForPeers } from '../helpers/engines.js';
import { expectMediaFlowing, selectedLocalCandidate } from '../helpers/rtp-stats.js';
import { iceConfigUrl, sleep, testEnv, uniqueRoom, waitFor } from '../helpers/test-env.js';

// Calls through real coturn, with the ICE config and short-lived TURN credentials the reference
// server issues per organisation (web-test-runner.config.mjs sets the organisations up).

const isFirefox = navigator.userAgent.includes('Firefox');

/** The TURN username's expiry (Unix seconds) of the first TURN server a connection is set to. */
function credentialExpiry(pc: RTCPeerConnection): number {
  const username = pc.getConfiguration().iceServers?.find((server) => server.username)?.username ?? '';
  return Number(username.split(':')[0]);
}

/** Ada and Bob in a room, each resolving the ICE config of `org` from the server. */
function relayPair(engines: EngineFactory, org: string): Promise<[CallEngine, CallEngine]> {
  return engines.connectedPair(uniqueRoom(`turn-${org}`), { iceConfigUrl: iceConfigUrl(org) });
}

describe('TURN through coturn', () => {
  const engines = new EngineFactory();
  afterEach(() => engines.destroyAll());

  const transports: { org: string; protocol: string; skip?: string }[] = [
    { org: 'relay-udp', protocol: 'udp' },
    { org: 'relay-tcp', protocol: 'tcp' },
    // Firefox cannot be told to trust the test's self-signed certificate; Chromium can (SPKI flag).
    { org: 'relay-tls', protocol: 'tls', skip: isFirefox ? 'Firefox has no way to trust a self-signed TURN certificate' : undefined },
  ];
  for (const { org, protocol, skip } of transports) {
    it(`connects a relay-only call through turn over ${protocol}`, async function () {
      if (skip) this.skip();
      const [ada, bob] = await relayPair(engines, org);
      for (const engine of [ada, bob]) {
        const pc = [...engine.peerConnections.values()][0];
        expect(pc.getConfiguration().iceTransportPolicy).to.equal('relay');
        await expectMediaFlowing(pc);
        const local = await waitFor(() => selectedLocalCandidate(pc), 'a selected candidate pair');
        expect(local.candidateType).to.equal('relay');
        // Firefox reports no relayProtocol; Chromium says how it reaches the relay.
        if (!isFirefox) expect(local.relayProtocol).to.equal(protocol);
      }
    });
  }

  it('reports the config source and credential expiry, and the TURN user is the participant', async () => {
    const infos: IceConfigInfo[] = [];
    const ada = engines.create({ participantId: 'ada', iceConfigUrl: iceConfigUrl('relay-udp') });
    ada.on('ice-config', (info) => infos.push(info));
    const before = Date.now();
    await ada.join(uniqueRoom('turn-info'));
    expect(infos).to.have.length(1);
    expect(infos[0].source).to.equal('url');
    // The reference server's default lifetime is an hour.
    expect(infos[0].expiresAt! - before).to.be.within(3_500_000, 3_700_000);
    const config = await (await fetch(`${iceConfigUrl('relay-udp')}&user=ada`)).json();
    expect(config.turn[0].username).to.match(/^\d+:ada$/);
  });

  it('falls back to the inline config when the ICE config URL fails, and says so', async () => {
    const [ada, bob] = ['ada', 'bob'].map((participantId) =>
      engines.create({
        participantId,
        iceConfigUrl: `${testEnv.signalingUrl}/no-such-endpoint`,
        iceConfig: { stun: [testEnv.turn.urls.stun] },
      }),
    );
    const errors: string[] = [];
    ada.on('error', (error) => errors.push(`${error.code}: ${error.message}`));
    const room = uniqueRoom('turn-fallback');
    await ada.join(room);
    await bob.join(room);
    await waitForPeers(ada, ['bob']);
    expect(errors).to.have.length(1);
    expect(errors[0]).to.match(/^ice_config_unavailable: .*no-such-endpoint/);
    // Browsers hand the URLs back as a list.
    expect([ada.peerConnections.get('bob')!.getConfiguration().iceServers?.[0].urls].flat()).to.deep.equal([testEnv.turn.urls.stun]);
  });

  it('refuses to join with ice_config_unavailable when the URL fails and there is no fallback', async () => {
    const ada = engines.create({ iceConfigUrl: `http://127.0.0.1:${testEnv.turn.deadPort}/lifeline/ice-config` });
    const error = await ada.join(uniqueRoom('turn-none')).catch((e) => e);
    expect(error).to.have.property('code', 'ice_config_unavailable');
    expect(ada.state).to.equal('ended');
  });

  it('keeps a call flowing past its credentials’ expiry, and an ICE restart after expiry gathers with fresh ones', async () => {
    // `short-lived`: relay only, credentials valid for 4 s.
    const refreshed: IceConfigInfo[] = [];
    const [ada, bob] = await relayPair(engines, 'short-lived');
    bob.on('ice-config', (info) => refreshed.push(info));
    const pc = bob.peerConnections.get('ada')!;
    const firstExpiry = credentialExpiry(pc);
    const original = pc.getConfiguration().iceServers!;
    const relayBefore = (await waitFor(() => selectedLocalCandidate(pc), 'a selected pair'))!;

    // Past the first credentials' expiry (coturn counts whole seconds).
    await waitFor(() => Date.now() / 1000 > firstExpiry + 1.5, 'the first credentials to expire', 10_000);
    await expectMediaFlowing(pc);
    await expectMediaFlowing(ada.peerConnections.get('bob')!);
    expect(refreshed.length, 'credentials refreshed before they expired').to.be.at.least(1);
    expect(credentialExpiry(pc), 'the connection holds the refreshed credentials').to.be.above(firstExpiry);

    // Expired credentials are really refused: the same servers with the first ones get a 401.
    expect(await relayGatheringErrors(original)).to.include(401);

    const errors: number[] = [];
    pc.addEventListener('icecandidateerror', (event) => errors.push((event as RTCPeerConnectionIceErrorEvent).errorCode));
    const fetchedBefore = refreshed.length;
    // Bob called Ada (the later joiner calls), so Bob's side drives ICE restarts. The recovery
    // ladder starts them on a fault; here the call manager is asked directly.
    (bob as unknown as { roomCalls: { calls: { restartIce(id: string): void } } }).roomCalls.calls.restartIce('ada');
    const relayAfter = await waitFor(async () => {
      const local = await selectedLocalCandidate(pc);
      return local && local.id !== relayBefore.id && local;
    }, 'a pair on a new relay allocation after the restart');
    expect(relayAfter.candidateType).to.equal('relay');
    expect(errors, 'no credential was refused').to.not.include(401);
    await expectMediaFlowing(pc);
    expect(refreshed.length, 'the restart fetched credentials first (the last ones were seconds old)').to.be.above(fetchedBefore);
  });
});

/** The ICE error codes a relay-only connection to `iceServers` gets while it gathers. */
async function relayGatheringErrors(iceServers: RTCIceServer[]): Promise<number[]> {
  const pc = new RTCPeerConnection({ iceServers, iceTransportPolicy: 'relay' });
  const errors: number[] = [];
  pc.onicecandidateerror = (event) => errors.push(event.errorCode);
  try {
    pc.createDataChannel('probe');
    await pc.setLocalDescription();
    await waitFor(() => pc.iceGatheringState === 'complete' || errors.length > 0, 'gathering to end', 15_000);
    await sleep(100);
    return errors;
  } finally {
    pc.close();
  }
}
