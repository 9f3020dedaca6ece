import { expect } from '@open-wc/testing';
import { MESSAGE_TYPES, parseIncoming, parseOutgoing, PROTOCOL_VERSION } from '../../src/index.js';
import { parseJoinRequest } from '../../src/signaling/protocol.js';

const session = { sessionId: '3f0c2a4e-1b2c-4d5e-8f90-123456789abc' };
const valid: Record<string, { toId: string; payload: unknown }> = {
  JOIN: { toId: '*', payload: { instanceId: 'i-1', name: 'Ada', audio: true, video: false } },
  LEAVE: { toId: '*', payload: {} },
  ENUM: { toId: '*', payload: {} },
  CALLING: { toId: 'bob', payload: { ...session, name: 'Ada', video: true } },
  ANSWER_CALL: { toId: 'bob', payload: session },
  SIGNAL: { toId: 'bob', payload: { ...session, description: { type: 'offer', sdp: 'v=0\r\n' } } },
  SOCKET_PING: { toId: 'bob', payload: { ...session, seq: 1 } },
  SOCKET_PONG: { toId: 'bob', payload: { ...session, seq: 1 } },
  RESTART_CALL: { toId: 'bob', payload: session },
  END_CALL: { toId: 'bob', payload: { ...session, reason: 'hangup' } },
  MAKE_CALL: { toId: 'bob', payload: { targets: ['carol', 'dan'] } },
};

function outgoing(type: string, overrides: Record<string, unknown> = {}) {
  return { v: PROTOCOL_VERSION, type, ...valid[type], ...overrides };
}

describe('protocol validation', () => {
  it('accepts a well-formed message of each of the nine message types', () => {
    expect(Object.keys(valid)).to.have.members([...MESSAGE_TYPES]);
    for (const type of MESSAGE_TYPES) {
      const parsed = parseOutgoing(outgoing(type));
      expect(parsed.ok, type).to.equal(true);
      const incoming = parseIncoming({ ...outgoing(type), fromId: 'ada' });
      expect(incoming.ok, type).to.equal(true);
    }
  });

  it('rejects messages that are not objects, of unknown type, or of another version', () => {
    for (const raw of [null, 'JOIN', 42, [], {}]) expect(parseOutgoing(raw)).to.include({ ok: false, code: 'invalid_message' });
    expect(parseOutgoing(outgoing('JOIN', { type: 'EXPLODE' }))).to.include({ ok: false, code: 'invalid_message' });
    expect(parseOutgoing(outgoing('JOIN', { v: 2 }))).to.include({ ok: false, code: 'unsupported_version' });
  });

  it('rejects bad addressing: broadcasts of call messages and malformed ids', () => {
    expect(parseOutgoing(outgoing('SIGNAL', { toId: '*' })).ok).to.equal(false);
    expect(parseOutgoing(outgoing('CALLING', { toId: '<script>' })).ok).to.equal(false);
    expect(parseOutgoing(outgoing('CALLING', { toId: 'x'.repeat(65) })).ok).to.equal(false);
    expect(parseIncoming({ ...outgoing('ENUM'), fromId: '' }).ok).to.equal(false);
  });

  it('rejects malformed payloads with a reason naming the field', () => {
    const cases: Array<[string, unknown, string]> = [
      ['JOIN', { instanceId: 'i-1', name: 'Ada', audio: 'yes', video: false }, 'payload.audio'],
      ['JOIN', { instanceId: 'i-1', name: 'x'.repeat(300), audio: true, video: false }, 'payload.name'],
      ['CALLING', { sessionId: 'short', name: 'Ada', video: true }, 'sessionId'],
      ['SIGNAL', { ...session }, 'exactly one'],
      ['SIGNAL', { ...session, description: { type: 'offer', sdp: 'x' }, candidate: { candidate: '' } }, 'exactly one'],
      ['SIGNAL', { ...session, description: { type: 'pranswer', sdp: 'x' } }, 'description.type'],
      ['SIGNAL', { ...session, candidate: { candidate: 'c', sdpMLineIndex: -1 } }, 'sdpMLineIndex'],
      ['SOCKET_PING', { ...session, seq: 1.5 }, 'seq'],
      ['END_CALL', { ...session, reason: 'because' }, 'reason'],
      ['MAKE_CALL', { targets: ['a', 'b', 'c', 'd'] }, 'targets'],
      ['MAKE_CALL', { targets: ['ok', 'not ok'] }, 'targets[1]'],
    ];
    for (const [type, payload, field] of cases) {
      const parsed = parseOutgoing(outgoing(type, { payload }));
      expect(parsed.ok, `${type} ${JSON.stringify(payload).slice(0, 60)}`).to.equal(false);
      if (!parsed.ok) expect(parsed.reason).to.contain(field);
    }
  });

  it("carries a JOIN's shared-screen stream id, and refuses one that is not a stream id", () => {
    const join = valid.JOIN.payload as Record<string, unknown>;
    for (const screen of ['0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', '{0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0}']) {
      const parsed = parseIncoming({ ...outgoing('JOIN', { payload: { ...join, screen } }), fromId: 'ada' });
      expect(parsed.ok && parsed.value.payload, screen).to.include({ screen });
    }
    // Absent while nothing is shared (and from clients that predate screen sharing).
    const without = parseOutgoing(outgoing('JOIN'));
    expect(without.ok && 'screen' in without.value.payload).to.equal(false);
    for (const screen of [null, '', 42, true, {}, ['id'], 'x'.repeat(65), 'has space', '<script>', 'a/b', 'ü']) {
      const parsed = parseOutgoing(outgoing('JOIN', { payload: { ...join, screen } }));
      expect(parsed.ok, JSON.stringify(screen)).to.equal(false);
      if (!parsed.ok) {
        expect(parsed.code).to.equal('invalid_message');
        expect(parsed.reason).to.contain('payload.screen');
      }
    }
  });

  it('rejects oversized messages before looking inside them', () => {
    const parsed = parseOutgoing(outgoing('SIGNAL', { payload: { ...session, description: { type: 'offer', sdp: 'a'.repeat(70_000) } } }));
    expect(parsed).to.include({ ok: false, code: 'message_too_large' });
  });

  it('validates the identity a client presents when it connects', () => {
    expect(parseJoinRequest({ v: 1, room: 'demo', participantId: 'ada', instanceId: 'i-1', name: 'Ada' }).ok).to.equal(true);
    expect(parseJoinRequest({ v: 1, room: '../etc', participantId: 'ada', instanceId: 'i-1', name: 'Ada' }).ok).to.equal(false);
    expect(parseJoinRequest({ v: 1, room: 'demo', participantId: 'ada', name: 'Ada' }).ok).to.equal(false);
    expect(parseJoinRequest(undefined).ok).to.equal(false);
  });
});
