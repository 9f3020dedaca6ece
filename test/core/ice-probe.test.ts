import { expect } from '@open-wc/testing';
import { CallError, fetchIceConfig, probeIceServer, probeIceServers } from '../../src/index.js';
import type { IceConfig, IceProbeOptions, IceProbeResult, TurnServer } from '../../src/index.js';
import { iceConfigUrl, testEnv } from '../helpers/test-env.js';

// Real probes against the coturn that web-test-runner.config.mjs starts on loopback.
const firefox = navigator.userAgent.includes('Firefox');
const { urls, natStun, deadPort, expired } = testEnv.turn;
const deadUdp = `turn:127.0.0.1:${deadPort}?transport=udp`;
/** Short, so the dead-port tests end soon; coturn on loopback answers within a few hundred ms. */
const SHORT_MS = 3000;

const iceConfig = (org: string): Promise<IceConfig> => fetchIceConfig(iceConfigUrl(org));
const firstTurn = async (org: string): Promise<TurnServer> => (await iceConfig(org)).turn![0];

/** Probe options whose connections are kept, to check they were all closed. */
function recording(options: IceProbeOptions = {}): IceProbeOptions & { pcs: RTCPeerConnection[] } {
  const pcs: RTCPeerConnection[] = [];
  const createPeerConnection = (configuration: RTCConfiguration) => {
    const pc = new RTCPeerConnection(configuration);
    pcs.push(pc);
    return pc;
  };
  return { ...options, pcs, createPeerConnection };
}

function expectClosed(pcs: RTCPeerConnection[]): void {
  for (const pc of pcs) {
    expect(pc.signalingState).to.equal('closed');
    expect(pc.connectionState).to.equal('closed');
  }
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

function expectRelay(result: IceProbeResult, url: string, transport: string): void {
  expect(result).to.deep.include({ url, type: url.startsWith('turns:') ? 'turns' : 'turn', transport, status: 'ok', error: null });
  // Relay-only: nothing but the relay can show up.
  expect(result.candidates).to.deep.equal(['relay']);
  expect(result.durationMs).to.be.within(0, SHORT_MS);
}

describe('ICE probe against real coturn', () => {
  it('a working STUN server behind a NAT gives a srflx candidate, and the probe ends on it', async () => {
    const seen: (RTCIceCandidate | null)[] = [];
    const options = recording({ timeoutMs: SHORT_MS });
    const create = options.createPeerConnection!;
    options.createPeerConnection = (configuration) => {
      const pc = create(configuration);
      pc.addEventListener('icecandidate', ({ candidate }) => seen.push(candidate));
      return pc;
    };
    const result = await probeIceServer({ url: natStun.url }, options);
    expect(result).to.deep.include({ url: natStun.url, type: 'stun', transport: 'udp', status: 'ok', error: null });
    expect(result.candidates).to.deep.equal(['host', 'srflx']);
    // Closed on the srflx: gathering would have gone on (Chromium adds tcp candidates 120 ms later).
    expect(seen.at(-1)?.address).to.equal(natStun.mappedAddress);
    expectClosed(options.pcs);
  });

  it('a working STUN server without a NAT in between passes without a srflx', async () => {
    // Both browsers drop a reflexive address equal to their own host address.
    const result = await probeIceServer({ url: urls.stun }, { timeoutMs: SHORT_MS });
    expect(result).to.deep.include({ url: urls.stun, type: 'stun', status: 'ok', error: null });
    expect(result.candidates).to.deep.equal(['host']);
  });

  it('a STUN server on a dead port fails at the timeout', async () => {
    const result = await probeIceServer({ url: `stun:127.0.0.1:${deadPort}` }, { timeoutMs: SHORT_MS });
    expect(result).to.deep.include({ status: 'failed', error: { code: null, text: 'No answer within 3 s.' } });
    expect(result.candidates).to.deep.equal(['host']);
  });

  it('a working TURN server gives a relay candidate over udp and tcp, one probe per URL', async () => {
    const config = await iceConfig('default');
    const results = await probeIceServers(config, { timeoutMs: SHORT_MS });
    expect(results.map((r) => r.url)).to.deep.equal([urls.stun, urls.udp, urls.tcp]);
    expectRelay(results[1], urls.udp, 'udp');
    expectRelay(results[2], urls.tcp, 'tcp');
  });

  it('a working TURN server gives a relay candidate over TLS (turns:), with a trusted certificate', async () => {
    const [result] = await probeIceServers(await iceConfig('relay-tls'), { timeoutMs: SHORT_MS });
    if (!firefox) return expectRelay(result, urls.tls, 'tls');
    // Chromium trusts the test's self-signed certificate (an SPKI flag); Firefox cannot be told to.
    expect(result).to.deep.include({ url: urls.tls, type: 'turns', transport: 'tls', status: 'failed' });
    expect(result.error).to.deep.equal({ code: 701, text: 'Unreachable: no answer at this address and port (over TLS: or a certificate not trusted).' });
  });

  it('a wrong secret fails with 401 and a readable text, without waiting for the timeout', async () => {
    const started = performance.now();
    const [result] = await probeIceServers(await iceConfig('wrong-secret'), { timeoutMs: 8000 });
    expect(result).to.deep.include({ url: urls.udp, status: 'failed' });
    expect(result.candidates).to.not.include('relay');
    expect(result.error!.code).to.equal(401);
    // Chromium says "Unauthorized."; Firefox gives no text, so the probe explains the code.
    expect(result.error!.text).to.match(firefox ? /^Unauthorized: wrong or expired credentials\.$/ : /Unauthorized/);
    expect(performance.now() - started).to.be.below(8000);
  });

  it('an expired credential fails with 401', async () => {
    const result = await probeIceServer({ url: urls.udp, ...expired }, { timeoutMs: 8000 });
    expect(result).to.deep.include({ type: 'turn', transport: 'udp', status: 'failed' });
    expect(result.error!.code).to.equal(401);
  });

  it('a dead port fails within the timeout, with no code', async () => {
    const turn = await firstTurn('default');
    const started = performance.now();
    const result = await probeIceServer({ url: deadUdp, username: turn.username, credential: turn.credential }, { timeoutMs: SHORT_MS });
    const elapsed = performance.now() - started;
    expect(result.status).to.equal('failed');
    expect(result.error).to.deep.equal({ code: null, text: 'No answer within 3 s.' });
    expect(result.durationMs).to.be.within(SHORT_MS - 50, SHORT_MS + 1000);
    expect(elapsed).to.be.below(SHORT_MS + 1000);
  });

  it('a server the browser refuses to try is a failed probe, not a failed run', async () => {
    const turn = await firstTurn('default');
    // Firefox refuses blocked ports such as 9 (discard) outright, with a SyntaxError.
    const blocked = 'turn:127.0.0.1:9?transport=udp';
    const results = await probeIceServers({ turn: [{ ...turn, urls: [blocked, urls.udp] }] }, { timeoutMs: SHORT_MS });
    expect(results.map((r) => r.status)).to.deep.equal(['failed', 'ok']);
    if (firefox)
      expect(results[0].error)
        .to.deep.include({ code: null })
        .and.to.have.property('text')
        .that.match(/^The browser refused this server: /);
  });

  it('probes in parallel: several dead servers take one timeout, not the sum', async () => {
    const turn = await firstTurn('default');
    const deadTcp = `turn:127.0.0.1:${deadPort}?transport=tcp`;
    const config: IceConfig = { turn: [{ ...turn, urls: [deadUdp, ...[turn.urls].flat(), deadTcp, deadUdp] }] };
    const started = performance.now();
    const results = await probeIceServers(config, { timeoutMs: SHORT_MS });
    const elapsed = performance.now() - started;
    expect(results.map((r) => [r.url, r.status])).to.deep.equal([
      [deadUdp, 'failed'],
      [urls.udp, 'ok'],
      [urls.tcp, 'ok'],
      [deadTcp, 'failed'],
      [deadUdp, 'failed'],
    ]);
    // In series the three dead ones alone would take 9 s.
    expect(elapsed).to.be.below(2 * SHORT_MS);
  });

  it('closes every connection it opened, after a verdict, a failure and a timeout', async () => {
    const turn = await firstTurn('default');
    const options = recording({ timeoutMs: SHORT_MS });
    await probeIceServers({ ...(await iceConfig('default')), turn: [turn, { ...turn, urls: deadUdp }] }, options);
    await probeIceServers(await iceConfig('wrong-secret'), options);
    expect(options.pcs).to.have.length(5);
    expectClosed(options.pcs);
  });

  it('rejects a malformed config with invalid_ice_config, before opening anything', async () => {
    const options = recording();
    const error = await rejection(probeIceServers({ stun: ['http://stun.example.org'] }, options));
    expect(error).to.be.instanceOf(CallError);
    expect((error as CallError).code).to.equal('invalid_ice_config');
    const single = await rejection(probeIceServer({ url: 'turn:127.0.0.1:3478' }, options));
    expect((single as CallError).code, 'a TURN URL without credentials').to.equal('invalid_ice_config');
    expect(options.pcs).to.have.length(0);
  });

  it('resolves with no results for a config without servers', async () => {
    expect(await probeIceServers({})).to.deep.equal([]);
  });

  it('stops at once when aborted, rejects with the reason and closes every connection', async () => {
    const turn = await firstTurn('default');
    const controller = new AbortController();
    const options = recording({ signal: controller.signal, timeoutMs: 10_000 });
    const run = probeIceServers({ turn: [{ ...turn, urls: [deadUdp, deadUdp] }] }, options);
    setTimeout(() => controller.abort(new DOMException('The probe was stopped.', 'AbortError')), 200);
    const started = performance.now();
    const error = await rejection(run);
    expect((error as DOMException).name).to.equal('AbortError');
    expect(performance.now() - started).to.be.below(2000);
    expect(options.pcs).to.have.length(2);
    expectClosed(options.pcs);

    const before = recording({ signal: controller.signal });
    expect(((await rejection(probeIceServers(await iceConfig('default'), before))) as DOMException).name).to.equal('AbortError');
    expect(before.pcs, 'an aborted signal opens nothing').to.have.length(0);
  });

  it('fetches an ICE config, and says when it cannot', async () => {
    expect(await iceConfig('relay-udp')).to.deep.include({ icePolicy: 'relay', stun: [] });
    const refused = await rejection(fetchIceConfig(new URL('/no-such-config.json', location.href).href));
    expect(refused).to.be.instanceOf(CallError);
    expect((refused as CallError).code).to.equal('ice_config_unavailable');
    expect((refused as CallError).message).to.contain('HTTP 404');
    const unreachable = await rejection(fetchIceConfig(`http://127.0.0.1:${deadPort}/lifeline/ice-config`));
    expect((unreachable as CallError).code).to.equal('ice_config_unavailable');
    // This test file, served as JavaScript, is not JSON.
    const garbled = await rejection(fetchIceConfig(new URL(import.meta.url).href));
    expect((garbled as CallError).code).to.equal('invalid_ice_config');
  });
});
