// The reference server's public API, `lifeline/server` (Node 20+): start the signaling relay with
// its ICE-config endpoint and recording sink, read their settings from the environment as
// `npm start` does, and the types their options take. The rest of server/ is implementation.
export { startSignalingServer } from './signaling-server.js';
export { DEFAULT_RECOVERY_BUFFER_BYTES } from './signaling-server.js';
export type { SignalingServer, SignalingServerOptions } from './signaling-server.js';
export { DEFAULT_CONNECTION_LIMITS } from './connection-limits.js';
export { createTokenVerifier, DEFAULT_TOKEN_TTL_SECONDS, MIN_SECRET_CHARS, signJoinToken, TokenError, verifyJoinToken } from './join-token.js';
export type { JoinClaims, JoinGrants, JoinTokenRequest, PublishKind, Role, SigningKey, TokenErrorCode, TokenKeys, TokenVerifier } from './join-token.js';
export { DEFAULT_ADDRESS_LIMITS } from './address-limits.js';
export type { AddressLimits } from './address-limits.js';
export type { ConnectionLimits } from './connection-limits.js';
export type { Member } from './presence.js';
export { MemoryRoomStore, sameMember } from './room-store.js';
export type { KnockResult, RoomStore } from './room-store.js';
export type { Knock, RoomPolicy } from './waiting-room.js';
/** What `authorize(request, handshake)` is given. */
export type { JoinRequest } from '../src/signaling/protocol.js';
export { DEFAULT_TURN_TTL_SECONDS, iceConfigSpecFromEnv, parseIceConfigSpec, turnCredential } from './ice-config.js';
export type { IceConfigSpec, IssuedIceConfig, OrgIceSpec, TurnDeployment } from './ice-config.js';
export { DEFAULT_MAX_CHUNK_BYTES, RECORDINGS_PATH } from './recording-sink.js';
export { recordingSinkOptionsFromEnv } from './recording-sink-env.js';
export type { RecordingAuthorization, RecordingSinkErrorCode, RecordingSinkOptions } from './recording-sink.js';
export { DEFAULT_RECORDING_LIMITS } from './recording-limits.js';
export type { RecordingLimits } from './recording-limits.js';
export { DEFAULT_RECORDING_QUOTAS } from './recording-quota.js';
export type { RecordingQuotas } from './recording-quota.js';
export { DEFAULT_RECORDING_EXPIRY } from './recording-expiry.js';
export type { RecordingExpiry } from './recording-expiry.js';
export { DiskStorage } from './recording-storage.js';
export type { PutOutcome, RecordingStorage } from './recording-storage.js';
export type { ReceivedChunk } from './chunk-file.js';
/** The `recording.finalized` webhook's body, and the check of its signature, timestamp and delivery id for a receiver. */
export type { RecordingFinalizedEvent } from './recording-webhook.js';
export { DEFAULT_WEBHOOK_TOLERANCE_MS, WEBHOOK_HEADERS, verifyWebhook, webhookSignature } from './webhook-signature.js';
export type { VerifyWebhookOptions, WebhookHeaders, WebhookRejection, WebhookVerification } from './webhook-signature.js';
/** The room webhooks (`webhooks` option): their bodies, the option, its reading from the environment, and the retry and bound defaults both webhooks share. */
export { roomWebhookOptionsFromEnv } from './room-webhooks.js';
export type { ParticipantJoinedEvent, ParticipantLeftEvent, RoomEvent, RoomFinishedEvent, RoomStartedEvent, RoomWebhookOptions } from './room-webhooks.js';
export { DEFAULT_WEBHOOK_DELIVERY } from './webhook-outbox.js';
/** Running several nodes: the drain's defaults, the health paths, and the metrics option (README, "Running several nodes"). */
export { DEFAULT_DRAIN } from './drain.js';
export type { DrainOptions, DrainOutcome } from './drain.js';
export { HEALTH_PATH, READY_PATH } from './health.js';
export { DEFAULT_METRICS_PATH, RELAY_SECONDS_BUCKETS } from './metrics.js';
export type { MetricsOptions } from './metrics.js';
export { DEFAULT_SECURITY_HEADERS } from './static-files.js';
export type { SecurityHeaderOptions, StaticRoot } from './static-files.js';
