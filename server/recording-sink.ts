import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import type { ChunkKey, ChunkKind } from '../src/recording/types.js';
import { isValidId } from '../src/signaling/protocol.js';
import { discardChunk, receiveChunk, type ReceivedChunk } from './chunk-file.js';
import { recordingExpiry, startExpirySweep, type RecordingExpiry } from './recording-expiry.js';
import { RecordingTrackLedger, recordingLimits, type RecordingLimits } from './recording-limits.js';
import { RecordingQuota, recordingQuotas, type RecordingQuotas } from './recording-quota.js';
import { buildManifest, type ChunkMeta, type RecordingManifest, type RecordingRecord } from './recording-manifest.js';
import { DiskStorage, type PutOutcome, type RecordingStorage } from './recording-storage.js';
import { createRecordingWebhook } from './recording-webhook.js';

// The recording sink: chunks PUT at their key (src/recording/types.ts), idempotently, by whoever
// holds the recording's token; a finalize call writes the manifest and fires the webhook.

export interface RecordingSinkOptions {
  /** Where chunks go; a `DiskStorage` on `folder` when absent. */
  storage?: RecordingStorage;
  /**
   * The default storage's folder, relative to the working directory (default `recordings`).
   * Whatever the storage, uploads stream to `{recordingId}/.incoming/` in it and `quotas` measure its disk.
   */
  folder?: string;
  /** Largest chunk accepted, bytes (default 32 MiB; 30 s of 2 Mbit/s video is about 7.5 MB). */
  maxChunkBytes?: number;
  /** Most tracks per recording and the longest seq gap; `DEFAULT_RECORDING_LIMITS` for any not given. */
  limits?: Partial<RecordingLimits>;
  /** Bytes per recording, in the folder, and free disk kept; `DEFAULT_RECORDING_QUOTAS` for any not given. */
  quotas?: Partial<RecordingQuotas>;
  /** How long a recording may stay open before it is finalized as it is; `DEFAULT_RECORDING_EXPIRY` for any not given. */
  expiry?: Partial<RecordingExpiry>;
  /** Base URL browsers reach this server at, for `uploadUrl`; from the request's host when absent. */
  publicUrl?: string;
  /** Receives `recording.finalized`; none when absent. */
  webhookUrl?: string;
  /** Signs each webhook delivery (`x-lifeline-signature`; `verifyWebhook` checks it). */
  webhookSecret?: string;
  /** Waits before each webhook retry (default 2 s, 10 s, 1 min, 5 min). */
  webhookRetryDelaysMs?: number[];
}

/**
 * The host's verdict on a recording's start: refused, let in, or let in as someone, whose id the
 * manifest and webhook then carry as `startedBy`.
 */
export type RecordingAuthorization = boolean | { id: string };

export interface RecordingSinkHost {
  /** Who may start a recording; everyone when absent. Uploads are then checked by token. */
  authorize?: (req: IncomingMessage) => RecordingAuthorization | Promise<RecordingAuthorization>;
  log?: (line: string) => void;
}

export interface RecordingSink {
  /** Answers a request for which `isRecordingsRequest` holds. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Stops webhook retries (those pending stay in the folder for the next start) and the expiry sweep. */
  close(): Promise<void>;
}

export const RECORDINGS_PATH = '/lifeline/recordings';
export const DEFAULT_MAX_CHUNK_BYTES = 32 * 1024 * 1024;
const MAX_START_BYTES = 16 * 1024;
const MAX_LISTED_PARTICIPANTS = 64;
const MAX_SEQ = 1_000_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const SEQ = /^(0|[1-9][0-9]{0,6})$/;
const KINDS: ReadonlySet<string> = new Set<ChunkKind>(['video', 'audio', 'av']);
const CHUNK_TYPES = new Set(['video/webm', 'audio/webm', 'video/mp4', 'audio/mp4', 'audio/ogg']);
const BEARER = /^Bearer ([A-Za-z0-9_-]{1,128})$/;
/** Every refusal's `error` code, with its HTTP status: the README's table. */
const REFUSALS = {
  bad_path: 400,
  bad_request: 400,
  bad_header: 400,
  bad_token: 401,
  not_authorized: 403,
  not_found: 404,
  unknown_recording: 404,
  chunk_conflict: 409,
  recording_finalized: 409,
  too_large: 413,
  recording_too_large: 413,
  unsupported_type: 415,
  seq_gap_too_large: 422,
  too_many_tracks: 422,
  sink_full: 507,
  disk_space_low: 507,
} as const;

export type RecordingSinkErrorCode = keyof typeof REFUSALS;

const PREFLIGHT = {
  'access-control-allow-methods': 'POST, PUT, HEAD, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, x-lifeline-started-at, x-lifeline-duration-ms',
  'access-control-max-age': '600',
};

/** A participant id that is also a safe path component: never `.`, `..` or hidden. */
export const isSafeSegment = (value: string) => isValidId(value) && !value.startsWith('.');

/** Whether a request is the sink's, by its path as sent (before any `..` is resolved). */
export const isRecordingsRequest = (req: IncomingMessage) => parseSinkPath(req.url ?? '/') !== null;

type Route = { name: 'start' } | { name: 'finalize'; recordingId: string } | { name: 'chunk'; key: ChunkKey } | { name: 'bad' } | { name: 'unknown' };

/** The route of a request path as sent: dot segments are refused here, never resolved away. */
export function parseSinkPath(url: string): Route | null {
  const path = url.split('?')[0];
  if (path !== RECORDINGS_PATH && !path.startsWith(`${RECORDINGS_PATH}/`)) return null;
  if (path === RECORDINGS_PATH) return { name: 'start' };
  let segments: string[];
  try {
    segments = path
      .slice(RECORDINGS_PATH.length + 1)
      .split('/')
      .map(decodeURIComponent);
  } catch {
    return { name: 'bad' };
  }
  if (!segments.every(isSafeSegment) || !UUID.test(segments[0])) return { name: 'bad' };
  const [recordingId, action, track, kind, seq] = segments;
  if (action === 'finalize' && segments.length === 2) return { name: 'finalize', recordingId };
  if (action !== 'chunks' || segments.length !== 5) return { name: 'unknown' };
  if (!KINDS.has(kind) || !SEQ.test(seq) || Number(seq) > MAX_SEQ) return { name: 'bad' };
  return { name: 'chunk', key: { recordingId, track, kind: kind as ChunkKind, seq: Number(seq) } };
}

const forget = () => {};
const sha256 = (data: string) => createHash('sha256').update(data).digest();

/** The body, or null once it passes `limit` bytes: counted as it arrives, whatever content-length says. */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  if (Number(req.headers['content-length'] ?? 0) > limit) return null;
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of req as AsyncIterable<Buffer>) {
    size += part.length;
    if (size > limit) return null;
    parts.push(part);
  }
  return Buffer.concat(parts, size);
}

function reply(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined) return void res.writeHead(status, headers).end();
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers }).end(JSON.stringify(body));
}

/** A refusal with its reason as a stable code; closes the connection if the body was left unread. */
function refuse(res: ServerResponse, error: RecordingSinkErrorCode, headers: Record<string, string> = {}): void {
  reply(res, REFUSALS[error], { error }, res.req.complete ? headers : { ...headers, connection: 'close' });
}

/** The chunk's type and timing headers, or the status that refuses them. */
function chunkMeta(req: IncomingMessage): ChunkMeta | 400 | 415 {
  const mimeType = (req.headers['content-type'] ?? '').trim();
  if (mimeType.length > 200 || !CHUNK_TYPES.has(mimeType.split(';')[0].trim().toLowerCase())) return 415;
  const timing = (name: string) => {
    const value = req.headers[name];
    if (value === undefined) return null;
    return typeof value === 'string' && /^\d{1,15}(\.\d{1,6})?$/.test(value) ? Number(value) : NaN;
  };
  const startedAt = timing('x-lifeline-started-at');
  const durationMs = timing('x-lifeline-duration-ms');
  return Number.isNaN(startedAt) || Number.isNaN(durationMs) ? 400 : { mimeType, startedAt, durationMs };
}

function parseStart(body: string): Pick<RecordingRecord, 'participants' | 'clientMeta'> | null {
  let value: { participants?: unknown; meta?: unknown };
  try {
    value = body.trim() === '' ? {} : JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const { participants = [], meta = {} } = value;
  if (!Array.isArray(participants) || participants.length > MAX_LISTED_PARTICIPANTS || !participants.every((p) => typeof p === 'string' && isSafeSegment(p)))
    return null;
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) return null;
  return { participants: [...new Set(participants as string[])], clientMeta: meta as Record<string, unknown> };
}

export function createRecordingSink(options: RecordingSinkOptions, host: RecordingSinkHost = {}): RecordingSink {
  const log = host.log ?? ((line: string) => console.log(line));
  const folder = resolve(options.folder ?? 'recordings');
  const storage = options.storage ?? new DiskStorage(folder);
  // In the recording's own folder, so that folder holds recordings only; hidden, so no track can name it.
  const incomingFolder = (recordingId: string) => join(folder, recordingId, '.incoming');
  const maxChunkBytes = options.maxChunkBytes ?? DEFAULT_MAX_CHUNK_BYTES;
  const webhook =
    options.webhookUrl === undefined
      ? null
      : createRecordingWebhook({
          url: options.webhookUrl,
          secret: options.webhookSecret,
          retryDelaysMs: options.webhookRetryDelaysMs,
          sinkFolder: folder,
          log,
        });
  // One process's guards: one writer per chunk key, and no chunk stored once a finalize has begun.
  const writing = new Map<string, Promise<void>>();
  const uploads = new Map<string, Set<Promise<unknown>>>();
  const finalizing = new Map<string, Promise<RecordingManifest>>();
  const ledger = new RecordingTrackLedger(recordingLimits(options.limits), (recordingId) => storage.list(recordingId));
  const quota = new RecordingQuota(recordingQuotas(options.quotas), folder, (recordingId) => storage.list(recordingId));
  const stopExpiry = startExpirySweep(recordingExpiry(options.expiry), {
    openRecordings: () => storage.openRecordings(),
    readRecording: (recordingId) => storage.readRecording(recordingId),
    expire: finalizeOnce,
    log,
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const route = parseSinkPath(req.url ?? '/') ?? { name: 'unknown' };
    res.setHeader('access-control-expose-headers', 'etag, location, retry-after');
    const allowed = route.name === 'chunk' ? ['PUT', 'HEAD'] : ['POST'];
    if (req.method === 'OPTIONS') reply(res, 204, undefined, PREFLIGHT);
    else if (route.name === 'bad') refuse(res, 'bad_path');
    else if (route.name === 'unknown') refuse(res, 'not_found');
    else if (!allowed.includes(req.method ?? '')) reply(res, 405, undefined, { allow: allowed.join(', ') });
    else if (route.name === 'start') await start(req, res);
    else if (route.name === 'finalize') await finalize(req, res, route.recordingId);
    else if (req.method === 'HEAD') await head(req, res, route.key);
    else await put(req, res, route.key);
  }

  async function start(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const verdict = host.authorize ? await host.authorize(req) : null;
    if (host.authorize && !verdict) {
      log('error recording start refused: not authorized');
      return refuse(res, 'not_authorized');
    }
    const startedBy = verdict === null ? null : { id: typeof verdict === 'object' && typeof verdict.id === 'string' ? verdict.id : null };
    const body = await readBody(req, MAX_START_BYTES);
    if (!body) return refuse(res, 'too_large');
    const request = parseStart(body.toString('utf8'));
    if (!request) return refuse(res, 'bad_request');
    const recordingId = randomUUID();
    const token = randomBytes(32).toString('base64url');
    const record: RecordingRecord = { recordingId, tokenHash: sha256(token).toString('hex'), createdAt: new Date().toISOString(), startedBy, ...request };
    await storage.createRecording(record);
    const base = options.publicUrl?.replace(/\/$/, '') ?? (req.headers.host ? `http://${req.headers.host}` : '');
    const uploadUrl = `${base}${RECORDINGS_PATH}/${recordingId}`;
    log(`recording start id=${recordingId} participants=${record.participants.length}`);
    reply(res, 201, { recordingId, token, uploadUrl }, { location: uploadUrl });
  }

  /** The recording, if the request carries its token; otherwise the refusal has been sent. */
  async function authenticate(req: IncomingMessage, res: ServerResponse, recordingId: string): Promise<RecordingRecord | null> {
    const record = await storage.readRecording(recordingId);
    if (!record) {
      refuse(res, 'unknown_recording');
      return null;
    }
    const presented = BEARER.exec(req.headers.authorization ?? '')?.[1];
    const expected = Buffer.from(record.tokenHash, 'hex');
    const actual = sha256(presented ?? '');
    if (presented && expected.length === actual.length && timingSafeEqual(expected, actual)) return record;
    log(`error recording id=${recordingId}: ${presented ? 'wrong' : 'no'} token`);
    refuse(res, 'bad_token', { 'www-authenticate': 'Bearer' });
    return null;
  }

  async function head(req: IncomingMessage, res: ServerResponse, key: ChunkKey): Promise<void> {
    if (!(await authenticate(req, res, key.recordingId))) return;
    const chunk = await storage.head(key);
    if (!chunk) return reply(res, 404);
    reply(res, 200, undefined, {
      etag: `"${chunk.sha256}"`,
      'content-type': chunk.mimeType,
      'content-length': String(chunk.bytes),
      'cache-control': 'no-store',
    });
  }

  async function put(req: IncomingMessage, res: ServerResponse, key: ChunkKey): Promise<void> {
    const meta = chunkMeta(req);
    if (meta === 400) return refuse(res, 'bad_header');
    if (meta === 415) return refuse(res, 'unsupported_type');
    if (!(await authenticate(req, res, key.recordingId))) return;
    if (finalizing.has(key.recordingId) || (await storage.readManifest(key.recordingId))) return refuse(res, 'recording_finalized');
    const declaredBytes = Number(req.headers['content-length'] ?? 0);
    if (declaredBytes > maxChunkBytes) return refuse(res, 'too_large');
    // Refused before the body is read; checked and counted again as and once it has arrived.
    // A chunk whose key is stored can only be the same bytes again or a conflict: it adds nothing,
    // so a full recording still confirms an upload retried after a lost answer.
    const adds = (await storage.head(key)) === null;
    const early = (await ledger.refusal(key)) ?? (adds ? await quota.refusal(key.recordingId, declaredBytes) : null);
    if (early) return refuseChunk(res, key, early);
    const claim = await quota.claim(key.recordingId, !adds);
    let created = false;
    try {
      const received = await receiveChunk(req, incomingFolder(key.recordingId), (bytes, pieceBytes) =>
        bytes > maxChunkBytes ? 'too_large' : claim.take(pieceBytes),
      );
      if ('refusal' in received) return refuseChunk(res, key, received.refusal);
      const outcome = await keep(key, received, meta).finally(() => discardChunk(received));
      if (outcome !== 'created' && outcome !== 'exists') return refuseChunk(res, key, outcome);
      created = outcome === 'created';
      reply(res, created ? 201 : 200, { sha256: received.sha256, bytes: received.bytes }, { etag: `"${received.sha256}"` });
    } finally {
      claim.settle(created);
    }
  }

  /** Stores a received chunk: created or there already, or the refusal. */
  async function keep(key: ChunkKey, received: ReceivedChunk, meta: ChunkMeta): Promise<'created' | 'exists' | RecordingSinkErrorCode> {
    const refusal = await ledger.admit(key);
    if (refusal) return refusal;
    // Checked again after the body arrived, then at once counted as an upload that a finalize waits for.
    if (finalizing.has(key.recordingId)) return 'recording_finalized';
    const outcome = await countUpload(key.recordingId, store(key, received, meta));
    if (outcome === 'finalized') return 'recording_finalized';
    return outcome === 'conflict' ? 'chunk_conflict' : outcome;
  }

  function refuseChunk(res: ServerResponse, key: ChunkKey, refusal: RecordingSinkErrorCode): void {
    const why = refusal === 'chunk_conflict' ? 'different bytes at a stored key' : refusal;
    log(`error recording id=${key.recordingId} chunk=${key.track}/${key.kind}/${key.seq}: ${why}`);
    refuse(res, refusal);
  }

  /** Stores a chunk, one writer per key at a time, unless the recording has its manifest. */
  function store(key: ChunkKey, received: ReceivedChunk, meta: ChunkMeta): Promise<PutOutcome | 'finalized'> {
    const id = `${key.recordingId}/${key.track}/${key.kind}/${key.seq}`;
    const write = (writing.get(id) ?? Promise.resolve()).then(async () =>
      (await storage.readManifest(key.recordingId)) ? ('finalized' as const) : storage.put(key, received, meta),
    );
    const settled = write.then(forget, forget);
    writing.set(id, settled);
    void settled.then(() => writing.get(id) === settled && writing.delete(id));
    return write;
  }

  function countUpload<T>(recordingId: string, upload: Promise<T>): Promise<T> {
    const set = uploads.get(recordingId) ?? new Set();
    uploads.set(recordingId, set.add(upload));
    const done = () => {
      set.delete(upload);
      if (set.size === 0 && uploads.get(recordingId) === set) uploads.delete(recordingId);
    };
    upload.then(done, done);
    return upload;
  }

  async function finalize(req: IncomingMessage, res: ServerResponse, recordingId: string): Promise<void> {
    const record = await authenticate(req, res, recordingId);
    if (record) reply(res, 200, await finalizeOnce(record));
  }

  /** The recording's manifest, made once however many ask at a time (its uploader, the expiry sweep). */
  function finalizeOnce(record: RecordingRecord): Promise<RecordingManifest> {
    const { recordingId } = record;
    let manifest = finalizing.get(recordingId);
    if (!manifest) {
      manifest = closeRecording(record);
      finalizing.set(recordingId, manifest);
      const done = () => finalizing.delete(recordingId);
      manifest.then(done, done);
    }
    return manifest;
  }

  /** Waits for the uploads under way, then writes the manifest once and fires the webhook. */
  async function closeRecording(record: RecordingRecord): Promise<RecordingManifest> {
    const { recordingId } = record;
    await Promise.allSettled(uploads.get(recordingId) ?? []);
    const existing = await storage.readManifest(recordingId);
    if (existing) return existing;
    const manifest = buildManifest(record, await storage.list(recordingId), new Date());
    await storage.writeManifest(recordingId, manifest);
    ledger.forget(recordingId);
    quota.forget(recordingId);
    const chunks = manifest.tracks.reduce((sum, track) => sum + track.chunks.length, 0);
    log(`recording finalized id=${recordingId} chunks=${chunks} missing=${manifest.missing.reduce((sum, gap) => sum + gap.last - gap.first + 1, 0)}`);
    webhook?.send({ event: 'recording.finalized', recordingId, manifest });
    return manifest;
  }

  return {
    handle,
    close: async () => {
      stopExpiry();
      await webhook?.close();
    },
  };
}
