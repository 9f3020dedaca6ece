// What a simulated participant sends, shaped as src/signaling/protocol.ts wants it: the auth of
// the SDK's transport (a JoinRequest) and the `{ v, type, toId, payload }` of each message.
// `checkMessages` runs them through the build's own validation before a bench relies on them.
import { randomUUID } from 'node:crypto';

export const PROTOCOL_VERSION = 1;
export const SDP_CHARS = 6_000;
export const CANDIDATES_PER_SIDE = 8;
const BROADCAST = '*';

/** The `auth` the SDK's transport sends: its JoinRequest, plus the welcome's resumeToken once it has one. */
export const joinRequest = ({ room, participantId, resumeToken }) => ({
  v: PROTOCOL_VERSION,
  room,
  participantId,
  instanceId: `${participantId}-tab`,
  name: `Bench ${participantId}`,
  ...(resumeToken === undefined ? {} : { resumeToken }),
});

/** A description of about `chars` characters: a session, audio, and a video section with many codecs. */
export function sdpOf(type, chars) {
  const lines = [
    'v=0',
    `o=- ${type === 'offer' ? '4611731400430051336' : '7709542914357811235'} 2 IN IP4 127.0.0.1`,
    's=-',
    't=0 0',
    'a=group:BUNDLE 0 1',
    'a=msid-semantic: WMS stream',
    'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126',
    'c=IN IP4 0.0.0.0',
    'a=rtcp:9 IN IP4 0.0.0.0',
    'a=ice-ufrag:Ab3d',
    'a=ice-pwd:x2Lq0p8NlLq1cZ3D4Eh5Fj6Gk7Hm8Jn9',
    'a=ice-options:trickle',
    'a=fingerprint:sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF',
    `a=setup:${type === 'offer' ? 'actpass' : 'active'}`,
    'a=mid:0',
    'a=sendrecv',
    'a=msid:stream audio',
    'a=rtcp-mux',
    'a=rtpmap:111 opus/48000/2',
    'a=fmtp:111 minptime=10;useinbandfec=1',
    'a=ssrc:1001 cname:bench',
    'm=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99 100 101 102 103',
    'c=IN IP4 0.0.0.0',
    'a=mid:1',
  ];
  for (let pt = 96; lines.join('\r\n').length < chars; pt++) {
    lines.push(
      `a=rtpmap:${pt} VP8/90000`,
      `a=rtcp-fb:${pt} goog-remb`,
      `a=rtcp-fb:${pt} transport-cc`,
      `a=rtcp-fb:${pt} ccm fir`,
      `a=rtcp-fb:${pt} nack`,
      `a=rtcp-fb:${pt} nack pli`,
    );
  }
  return `${lines.join('\r\n').slice(0, chars - 2)}\r\n`;
}
const SDP = { offer: sdpOf('offer', SDP_CHARS), answer: sdpOf('answer', SDP_CHARS) };

/** The n-th ICE candidate of a side: about 270 characters as a whole message. */
const candidateOf = (n) => ({
  candidate: `candidate:${1_842_163_049 + n} 1 udp 2122260223 192.0.2.${10 + n} ${50_000 + n} typ host generation 0 ufrag Ab3d`,
  sdpMid: '0',
  sdpMLineIndex: 0,
  usernameFragment: 'Ab3d',
});

/** The messages a participant sends, as `[type, toId, payload]` for `socket.emit('message', { v, type, toId, payload })`. */
export const messages = {
  join: (participantId, joinSeq, toId = BROADCAST) => [
    'JOIN',
    toId,
    { instanceId: `${participantId}-tab`, name: `Bench ${participantId}`, audio: true, video: true, joinSeq },
  ],
  enumerate: () => ['ENUM', BROADCAST, {}],
  calling: (toId, sessionId, participantId) => ['CALLING', toId, { sessionId, name: `Bench ${participantId}`, video: true }],
  answerCall: (toId, sessionId) => ['ANSWER_CALL', toId, { sessionId }],
  description: (toId, sessionId, type) => ['SIGNAL', toId, { sessionId, description: { type, sdp: SDP[type] } }],
  candidate: (toId, sessionId, n) => ['SIGNAL', toId, { sessionId, candidate: candidateOf(n) }],
  ping: (toId, sessionId, seq) => ['SOCKET_PING', toId, { sessionId, seq }],
  pong: (toId, payload) => ['SOCKET_PONG', toId, payload],
};

export const envelope = ([type, toId, payload]) => ({ v: PROTOCOL_VERSION, type, toId, payload });

/**
 * Runs one of each message and both join requests through the build's `parseOutgoing` and
 * `parseJoinRequest`; throws on the first the server would refuse. Resolves to the sizes sent.
 */
export async function checkMessages() {
  const { parseOutgoing, parseJoinRequest } = await import('../build/src/signaling/protocol.js');
  const sessionId = randomUUID();
  const samples = {
    JOIN: messages.join('p1', 1),
    'JOIN (to one)': messages.join('p1', 1, 'p2'),
    ENUM: messages.enumerate(),
    CALLING: messages.calling('p2', sessionId, 'p1'),
    ANSWER_CALL: messages.answerCall('p1', sessionId),
    'SIGNAL offer': messages.description('p1', sessionId, 'offer'),
    'SIGNAL answer': messages.description('p2', sessionId, 'answer'),
    'SIGNAL candidate': messages.candidate('p2', sessionId, CANDIDATES_PER_SIDE - 1),
    SOCKET_PING: messages.ping('p2', sessionId, 7),
    SOCKET_PONG: messages.pong('p1', { sessionId, seq: 7 }),
  };
  const sizes = {};
  for (const [name, message] of Object.entries(samples)) {
    const parsed = parseOutgoing(envelope(message));
    if (!parsed.ok) throw new Error(`the bench's ${name} would be refused: ${parsed.code}: ${parsed.reason}`);
    sizes[name] = JSON.stringify(envelope(message)).length;
  }
  for (const auth of [
    joinRequest({ room: 'r1', participantId: 'p1' }),
    joinRequest({ room: 'r1', participantId: 'p1', resumeToken: 'Zm9vYmFyYmF6cXV4MTIzNDU2' }),
  ]) {
    const parsed = parseJoinRequest(auth);
    if (!parsed.ok) throw new Error(`the bench's join request would be refused: ${parsed.code}: ${parsed.reason}`);
  }
  return sizes;
}
