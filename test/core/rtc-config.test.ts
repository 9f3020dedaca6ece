import { expect } from '@open-wc/testing';
import { buildRtcConfiguration, CallError } from '../../src/index.js';
import type { IceConfig } from '../../src/index.js';

function rejects(config: unknown, mention: string): void {
  let error: unknown;
  try {
    buildRtcConfiguration(config as IceConfig);
  } catch (e) {
    error = e;
  }
  expect(error, JSON.stringify(config)).to.be.instanceOf(CallError);
  expect((error as CallError).code).to.equal('invalid_ice_config');
  expect((error as CallError).message).to.contain(mention);
}

describe('RTC configuration builder', () => {
  it('builds an RTCConfiguration the browser accepts', () => {
    const config = buildRtcConfiguration({
      stun: ['stun:stun.example.org:3478'],
      turn: [
        { urls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:443?transport=tcp'], username: '1700000000:ada', credential: 'c2VjcmV0' },
      ],
      icePolicy: 'relay',
    });
    expect(config.iceTransportPolicy).to.equal('relay');
    expect(config.iceServers).to.have.length(2);
    expect(config.iceServers![1]).to.deep.include({ username: '1700000000:ada', credential: 'c2VjcmV0' });
    const pc = new RTCPeerConnection(config);
    pc.close();
  });

  it('defaults to no servers and every candidate type', () => {
    expect(buildRtcConfiguration()).to.deep.include({ iceServers: [], iceTransportPolicy: 'all' });
  });

  it('rejects malformed entries with a message that names them', () => {
    rejects({ stun: ['http://stun.example.org'] }, 'iceConfig.stun[0]');
    rejects({ stun: 'stun:stun.example.org' }, 'iceConfig.stun must be an array');
    rejects({ stun: ['stun:stun.example.org:99999'] }, 'port');
    rejects({ turn: [{ urls: 'stun:turn.example.org', username: 'u', credential: 'c' }] }, 'iceConfig.turn[0]');
    rejects({ turn: [{ urls: 'turn:turn.example.org?transport=sctp', username: 'u', credential: 'c' }] }, 'iceConfig.turn[0]');
    rejects({ turn: [{ urls: 'turn:turn.example.org' }] }, 'username');
    rejects({ turn: [{ urls: 'turn:turn.example.org', username: 'u', credential: '' }] }, 'credential');
    rejects({ turn: [{ urls: [], username: 'u', credential: 'c' }] }, 'urls is empty');
    rejects({ icePolicy: 'none' }, 'icePolicy');
    rejects({ icePolicy: 'relay' }, 'needs at least one TURN server');
    rejects(null, 'must be an object');
  });
});
