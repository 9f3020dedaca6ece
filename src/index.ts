// The public API of the Lifeline core. Nothing outside this file is public.
export { CallEngine } from './call-engine.js';
export type { CallEngineEvents, CallEngineOptions, CallMode, CallState, IncomingCall } from './call-engine.js';
export { CallError, isCallError } from './errors.js';
export type { CallErrorCode } from './errors.js';
export type { Unsubscribe } from './emitter.js';
export type { Participant } from './room/roster.js';
export type { CallEnded } from './room/call-manager.js';
export type { PeerState } from './peer/peer-session.js';
export { buildRtcConfiguration } from './peer/rtc-config.js';
export type { IceConfig, IcePolicy, TurnServer } from './peer/rtc-config.js';
export { toMediaError } from './media/local-media.js';
export { SocketIoTransport } from './signaling/socket-io-transport.js';
export type { SocketIoTransportOptions } from './signaling/socket-io-transport.js';
export { MemoryTransport, createMemoryTransportPair } from './signaling/memory-transport.js';
export type { JoinWelcome, SignalingTransport, TransportStatus, TransportStatusChange } from './signaling/transport.js';
export { MESSAGE_TYPES, PROTOCOL_VERSION, parseIncoming, parseOutgoing } from './signaling/protocol.js';
export type { EndReason, JoinRequest, MessageType, OutgoingMessage, SignalingMessage } from './signaling/protocol.js';
