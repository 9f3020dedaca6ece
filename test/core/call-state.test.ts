import { expect } from '@open-wc/testing';
import type { Call } from '../../src/room/call-manager.js';
import { deriveCallState } from '../../src/room/call-state.js';
import type { PeerState } from '../../src/peer/peer-session.js';

/** Just the fields the derivation reads; a pure function needs no real peer connection. */
function call(phase: Call['phase'], peerState?: PeerState, remoteId = 'peer'): Call {
  return { remoteId, phase, peer: peerState ? ({ state: peerState } as Call['peer']) : null } as Call;
}

describe('call state derivation', () => {
  it("follows the engine's room stage before and after a room", () => {
    expect(deriveCallState('idle', 'disconnected', [])).to.equal('idle');
    expect(deriveCallState('joining', 'disconnected', [])).to.equal('joining');
    expect(deriveCallState('ended', 'disconnected', [call('active', 'connected')])).to.equal('ended');
  });

  it('waits alone, or while only an incoming call rings', () => {
    expect(deriveCallState('joined', 'connected', [])).to.equal('waiting');
    expect(deriveCallState('joined', 'connected', [call('ringing-in')])).to.equal('waiting');
  });

  it('connects while a call rings out or negotiates, and is connected once one peer is', () => {
    expect(deriveCallState('joined', 'connected', [call('ringing-out')])).to.equal('connecting');
    expect(deriveCallState('joined', 'connected', [call('active', 'connecting')])).to.equal('connecting');
    expect(deriveCallState('joined', 'connected', [call('active', 'connected'), call('active', 'connecting')])).to.equal('connected');
  });

  it('shows trouble anywhere as reconnecting', () => {
    expect(deriveCallState('joined', 'connected', [call('active', 'connected'), call('active', 'disconnected')])).to.equal('reconnecting');
    expect(deriveCallState('joined', 'connected', [call('active', 'failed')])).to.equal('reconnecting');
    expect(deriveCallState('joined', 'reconnecting', [])).to.equal('reconnecting');
  });

  it("follows each call's recovery ladder, where a suspect sample is only a debounce", () => {
    const calls = [call('active', 'connected', 'a'), call('active', 'connected', 'b')];
    expect(deriveCallState('joined', 'connected', calls, (id) => (id === 'b' ? 'ice-restart' : 'healthy'))).to.equal('reconnecting');
    expect(deriveCallState('joined', 'connected', calls, (id) => (id === 'b' ? 'waiting-for-network' : 'healthy'))).to.equal('reconnecting');
    expect(deriveCallState('joined', 'connected', calls, () => 'suspect')).to.equal('connected');
  });

  it('stays connected while media flows even when the signaling connection is down', () => {
    expect(deriveCallState('joined', 'reconnecting', [call('active', 'connected')])).to.equal('connected');
    expect(deriveCallState('joined', 'reconnecting', [call('active', 'connecting')])).to.equal('reconnecting');
  });
});
