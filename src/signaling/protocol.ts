/**
 * The signaling protocol shared by the SDK and the reference server: nine message types, one
 * envelope, and validation that every receiver runs before it trusts a message. This file must
 * stay free of browser and Node APIs; both sides import it.
 */

export const PROTOCOL_VERSION = 1;

/** Largest serialized message accepted, in characters. An SDP with many codecs is about 10 KB. */
export const MAX_MESSAGE_CHARS = 64 * 1024;
export const MAX_NAME_CHARS = 256;
/** A signed join token: a few hundred characters, a few KB with a long name and many grants. */
export const MAX_TOKEN_CHARS = 8192;
export const MAX_PARTICIPANTS = 4;
/** `toId` of messages that go to everyone else in the room. */
export const BROADCAST = '*';

export const MESSAGE_TYPES = [
  'JOIN',
  'LEAVE',
  'ENUM',
  'CALLING',
  'ANSWER_CALL',
  'SIGNAL',
  'SOCKET_PING',
  'SOCKET_PONG',
  'RESTART_CALL',
  'END_CALL',
  'MAKE_CALL',
] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export type EndReason = 'hangup' | 'declined' | 'timeout' | 'busy' | 'left' | 'replaced' | 'lost';
const END_REASONS: readonly EndReason[] = ['hangup', 'declined', 'timeout', 'busy', 'left', 'replaced', 'lost'];

export interface JoinPayload {
  instanceId: string;
  name: string;
  audio: boolean;
  video: boolean;
  /** Server-stamped join order; in a room, the later joiner of a pair calls the earlier one. */
  joinSeq?: number;
  /**
   * The id of the MediaStream that carries this participant's shared screen, absent while they
   * share none: the far side tells the screen's tracks from the camera's by it. Announced before
   * the tracks are sent, on the same ordered channel, so it always arrives first.
   */
  screen?: string;
}
export interface SessionPayload {
  sessionId: string;
}
export interface CallingPayload extends SessionPayload {
  name: string;
  video: boolean;
}
export interface SdpDescription {
  type: 'offer' | 'answer';
  sdp: string;
}
export interface IceCandidate {
  candidate: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
  usernameFragment?: string | null;
}
export interface SignalPayload extends SessionPayload {
  description?: SdpDescription;
  candidate?: IceCandidate;
}
export interface PingPayload extends SessionPayload {
  seq: number;
}
export interface EndCallPayload extends SessionPayload {
  reason: EndReason;
}
export interface MakeCallPayload {
  targets: string[];
}

export interface PayloadByType {
  JOIN: JoinPayload;
  LEAVE: Record<string, never>;
  ENUM: Record<string, never>;
  CALLING: CallingPayload;
  ANSWER_CALL: SessionPayload;
  SIGNAL: SignalPayload;
  SOCKET_PING: PingPayload;
  SOCKET_PONG: PingPayload;
  RESTART_CALL: SessionPayload;
  END_CALL: EndCallPayload;
  MAKE_CALL: MakeCallPayload;
}

export type SignalingMessage<T extends MessageType = MessageType> = T extends MessageType
  ? { v: number; type: T; fromId: string; toId: string; payload: PayloadByType[T] }
  : never;

/** What a client sends: the server (or the in-memory transport) stamps `fromId` and `v`. */
export type OutgoingMessage<T extends MessageType = MessageType> = T extends MessageType ? { type: T; toId: string; payload: PayloadByType[T] } : never;

/** The identity a client presents when it connects. */
export interface JoinRequest {
  v: number;
  room: string;
  participantId: string;
  instanceId: string;
  name: string;
  /**
   * The secret the server gave this instance in its welcome: with it, a tab whose connection
   * could not be recovered takes its place back. The instanceId alone never does: the room hears it.
   */
  resumeToken?: string;
  /** The signed join token the host's backend gave this person, where the server requires one. */
  token?: string;
}

export type ProtocolErrorCode = 'invalid_message' | 'message_too_large' | 'unsupported_version';
export type Parsed<T> = { ok: true; value: T } | { ok: false; code: ProtocolErrorCode; reason: string };

const ID = /^[A-Za-z0-9._:@-]{1,64}$/;
const SESSION_ID = /^[A-Za-z0-9-]{8,64}$/;
const SERVER_TOKEN = /^[A-Za-z0-9_-]{1,64}$/;
/** A MediaStream id as browsers make them: a UUID, in braces in Firefox. */
const STREAM_ID = /^[A-Za-z0-9{}._-]{1,64}$/;
const BROADCAST_TYPES: ReadonlySet<MessageType> = new Set(['JOIN', 'LEAVE', 'ENUM']);

export function isValidId(value: unknown): value is string {
  return typeof value === 'string' && ID.test(value);
}

class Invalid extends Error {}

function fail(reason: string): never {
  throw new Invalid(reason);
}

function obj(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${what} must be an object`);
  return value as Record<string, unknown>;
}

function str(value: unknown, what: string, max: number): string {
  if (typeof value !== 'string' || value.length > max) fail(`${what} must be a string of at most ${max} characters`);
  return value;
}

function bool(value: unknown, what: string): boolean {
  if (typeof value !== 'boolean') fail(`${what} must be a boolean`);
  return value;
}

function id(value: unknown, what: string): string {
  if (!isValidId(value)) fail(`${what} must be 1-64 characters of A-Z a-z 0-9 . _ : @ -`);
  return value;
}

function streamId(value: unknown, what: string): string {
  if (typeof value !== 'string' || !STREAM_ID.test(value)) fail(`${what} must be a stream id: 1-64 characters of A-Z a-z 0-9 { } . _ -`);
  return value;
}

function sessionId(p: Record<string, unknown>): string {
  if (typeof p.sessionId !== 'string' || !SESSION_ID.test(p.sessionId)) fail('payload.sessionId is malformed');
  return p.sessionId;
}

function optionalNullable<T>(value: unknown, check: (v: unknown) => T): T | null | undefined {
  return value === undefined || value === null ? (value as null | undefined) : check(value);
}

function seq(value: unknown): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) fail('payload.seq must be a non-negative integer');
  return value as number;
}

function parseDescription(value: unknown): SdpDescription {
  const d = obj(value, 'payload.description');
  if (d.type !== 'offer' && d.type !== 'answer') fail('payload.description.type must be offer or answer');
  return { type: d.type, sdp: str(d.sdp, 'payload.description.sdp', MAX_MESSAGE_CHARS) };
}

function parseCandidate(value: unknown): IceCandidate {
  const c = obj(value, 'payload.candidate');
  return {
    candidate: str(c.candidate, 'payload.candidate.candidate', 2048),
    sdpMid: optionalNullable(c.sdpMid, (v) => str(v, 'payload.candidate.sdpMid', 64)),
    sdpMLineIndex: optionalNullable(c.sdpMLineIndex, (v) => {
      if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > 255) fail('payload.candidate.sdpMLineIndex is out of range');
      return v as number;
    }),
    usernameFragment: optionalNullable(c.usernameFragment, (v) => str(v, 'payload.candidate.usernameFragment', 256)),
  };
}

const payloadParsers: { [T in MessageType]: (p: Record<string, unknown>) => PayloadByType[T] } = {
  JOIN: (p) => ({
    instanceId: id(p.instanceId, 'payload.instanceId'),
    name: str(p.name, 'payload.name', MAX_NAME_CHARS),
    audio: bool(p.audio, 'payload.audio'),
    video: bool(p.video, 'payload.video'),
    ...(p.joinSeq === undefined ? {} : { joinSeq: seq(p.joinSeq) }),
    ...(p.screen === undefined ? {} : { screen: streamId(p.screen, 'payload.screen') }),
  }),
  LEAVE: () => ({}),
  ENUM: () => ({}),
  CALLING: (p) => ({
    sessionId: sessionId(p),
    name: str(p.name, 'payload.name', MAX_NAME_CHARS),
    video: bool(p.video, 'payload.video'),
  }),
  ANSWER_CALL: (p) => ({ sessionId: sessionId(p) }),
  SIGNAL: (p) => {
    const hasDescription = p.description !== undefined;
    const hasCandidate = p.candidate !== undefined;
    if (hasDescription === hasCandidate) fail('SIGNAL carries exactly one of description or candidate');
    return hasDescription
      ? { sessionId: sessionId(p), description: parseDescription(p.description) }
      : { sessionId: sessionId(p), candidate: parseCandidate(p.candidate) };
  },
  SOCKET_PING: (p) => ({ sessionId: sessionId(p), seq: seq(p.seq) }),
  SOCKET_PONG: (p) => ({ sessionId: sessionId(p), seq: seq(p.seq) }),
  RESTART_CALL: (p) => ({ sessionId: sessionId(p) }),
  END_CALL: (p) => {
    if (!END_REASONS.includes(p.reason as EndReason)) fail(`payload.reason must be one of ${END_REASONS.join(', ')}`);
    return { sessionId: sessionId(p), reason: p.reason as EndReason };
  },
  MAKE_CALL: (p) => {
    if (!Array.isArray(p.targets) || p.targets.length > MAX_PARTICIPANTS - 1) fail('payload.targets must be a short array');
    return { targets: p.targets.map((t, i) => id(t, `payload.targets[${i}]`)) };
  },
};

function guard<T>(raw: unknown, parse: () => T): Parsed<T> {
  let size: number;
  try {
    size = typeof raw === 'string' ? raw.length : (JSON.stringify(raw)?.length ?? 0);
  } catch {
    return { ok: false, code: 'invalid_message', reason: 'message is not serializable' };
  }
  if (size > MAX_MESSAGE_CHARS) {
    return { ok: false, code: 'message_too_large', reason: `message is ${size} characters, the limit is ${MAX_MESSAGE_CHARS}` };
  }
  try {
    return { ok: true, value: parse() };
  } catch (error) {
    if (error instanceof Invalid) {
      const code = error.message.startsWith('protocol version') ? 'unsupported_version' : 'invalid_message';
      return { ok: false, code, reason: error.message };
    }
    throw error;
  }
}

function version(m: Record<string, unknown>): void {
  if (m.v === undefined) fail('v (the protocol version) is missing');
  if (m.v !== PROTOCOL_VERSION) fail(`protocol version ${JSON.stringify(String(m.v)).slice(0, 40)} is not supported (expected ${PROTOCOL_VERSION})`);
}

function envelope(m: Record<string, unknown>): { type: MessageType; toId: string; payload: Record<string, unknown> } {
  if (!MESSAGE_TYPES.includes(m.type as MessageType)) fail(`unknown message type ${JSON.stringify(String(m.type)).slice(0, 40)}`);
  const type = m.type as MessageType;
  const toId = m.toId === BROADCAST ? BROADCAST : id(m.toId, 'toId');
  if (toId === BROADCAST && !BROADCAST_TYPES.has(type)) fail(`${type} must be addressed to one participant`);
  return { type, toId, payload: obj(m.payload, 'payload') };
}

/**
 * Validates what a client sends before the server (or the in-memory transport) routes it. The
 * sender's claimed `fromId`, if any, is ignored: the router stamps the real one.
 */
export function parseOutgoing(raw: unknown): Parsed<OutgoingMessage> {
  return guard(raw, () => {
    const m = obj(raw, 'message');
    version(m);
    const { type, toId, payload } = envelope(m);
    return { type, toId, payload: payloadParsers[type](payload) } as OutgoingMessage;
  });
}

/** Validates a message a client receives, before the engine acts on it. */
export function parseIncoming(raw: unknown): Parsed<SignalingMessage> {
  return guard(raw, () => {
    const m = obj(raw, 'message');
    version(m);
    const { type, toId, payload } = envelope(m);
    const fromId = id(m.fromId, 'fromId');
    return { v: PROTOCOL_VERSION, type, fromId, toId, payload: payloadParsers[type](payload) } as SignalingMessage;
  });
}

/** Validates the identity a client presents when it connects. */
export function parseJoinRequest(raw: unknown): Parsed<JoinRequest> {
  return guard(raw, () => {
    const m = obj(raw, 'join request');
    version(m);
    return {
      v: PROTOCOL_VERSION,
      room: id(m.room, 'room'),
      participantId: id(m.participantId, 'participantId'),
      instanceId: id(m.instanceId, 'instanceId'),
      name: str(m.name, 'name', MAX_NAME_CHARS),
      ...(m.resumeToken === undefined ? {} : { resumeToken: serverToken(m.resumeToken, 'resumeToken') }),
      ...(m.token === undefined ? {} : { token: str(m.token, 'token', MAX_TOKEN_CHARS) }),
    };
  });
}

function serverToken(value: unknown, what: string): string {
  if (typeof value !== 'string' || !SERVER_TOKEN.test(value)) fail(`${what} must be 1-64 characters of A-Z a-z 0-9 _ -`);
  return value;
}

/** Builds the envelope a router delivers, with the sender it vouches for. */
export function stamp(message: OutgoingMessage, fromId: string): SignalingMessage {
  return { v: PROTOCOL_VERSION, fromId, ...message } as SignalingMessage;
}

/** What the server answers to every message a client sends. */
export type SendAck =
  { ok: true } | { ok: false; code: ProtocolErrorCode | 'peer_not_found' | 'not_joined' | 'rate_limited' | 'not_permitted'; reason: string };
