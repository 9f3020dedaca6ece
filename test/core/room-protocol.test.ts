import { expect } from '@open-wc/testing';
import { parseRoomCommand, parseRoomEvent } from '../../src/index.js';

// The room channel's validation: what a server takes as a host's command, and what a client
// takes as news of the room. Anything else is dropped, never half-trusted.

describe('room protocol', () => {
  it('takes each command in its one shape, asking to mute the microphone by default', () => {
    expect(parseRoomCommand({ action: 'admit', participantId: 'pat' })).to.deep.equal({ action: 'admit', participantId: 'pat' });
    expect(parseRoomCommand({ action: 'mute', participantId: 'pat' })).to.deep.equal({ action: 'mute', participantId: 'pat', kinds: ['audio'] });
    expect(parseRoomCommand({ action: 'mute', participantId: 'pat', kinds: ['video', 'video'] })).to.deep.equal({
      action: 'mute',
      participantId: 'pat',
      kinds: ['video'],
    });
    expect(parseRoomCommand({ action: 'end', participantId: 'ignored' })).to.deep.equal({ action: 'end' });
  });

  it('refuses malformed and hostile commands', () => {
    const bad = [
      null,
      [],
      'end',
      { action: 'explode' },
      { action: '__proto__' },
      { action: 'admit' },
      { action: 'remove', participantId: 'a'.repeat(65) },
      { action: 'deny', participantId: '../etc' },
      { action: 'mute', participantId: 'pat', kinds: [] },
      { action: 'mute', participantId: 'pat', kinds: ['screen'] },
      { action: 'mute', participantId: 'pat', kinds: 'audio' },
      { action: 'mute', participantId: 'pat', kinds: ['audio', 'video', 'audio'] },
    ];
    for (const command of bad) expect(parseRoomCommand(command), JSON.stringify(command)).to.equal(null);
  });

  it("takes the server's news in its shapes, and drops anything else", () => {
    expect(parseRoomEvent({ type: 'knock', participantId: 'pat', name: 'Pat' })).to.deep.equal({ type: 'knock', participantId: 'pat', name: 'Pat' });
    expect(parseRoomEvent({ type: 'admitted', welcome: { joinSeq: 3, leaveToken: 'l', resumeToken: 'r', extra: 1 } })).to.deep.equal({
      type: 'admitted',
      welcome: { joinSeq: 3, leaveToken: 'l', resumeToken: 'r' },
    });
    expect(parseRoomEvent({ type: 'mute-requested', byId: 'doc', byName: 'Dr', kinds: ['audio'] })).to.deep.equal({
      type: 'mute-requested',
      byId: 'doc',
      byName: 'Dr',
      kinds: ['audio'],
    });
    const bad = [
      undefined,
      { type: 'knock', participantId: 'pat', name: 'x'.repeat(257) },
      { type: 'knock-ended', participantId: 'pat', outcome: 'maybe' },
      { type: 'admitted', welcome: { joinSeq: -1 } },
      { type: 'admitted' },
      { type: 'lock', locked: 'yes' },
      { type: 'mute-requested', byId: 'doc', byName: 'Dr', kinds: ['everything'] },
      { type: 'ended' },
      { type: 'promote', participantId: 'pat' },
    ];
    for (const event of bad) expect(parseRoomEvent(event), JSON.stringify(event)).to.equal(null);
  });
});
