import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { BROADCAST, MAX_MESSAGE_CHARS, parseOutgoing, stamp, type SendAck } from '../src/signaling/protocol.js';
import type { CommandAck } from '../src/signaling/room-protocol.js';
import { admission } from './admission.js';
import { accessOf, hostControls } from './host-controls.js';
import { unpermittedKinds } from './publish-grant.js';
import type { SignalingServer, SignalingServerOptions } from './signaling-options.js';
import type { Knock } from './waiting-room.js';
import { DEFAULT_REMOVED_FOR_MS } from './removed-participants.js';
import { sameMember } from './room-store.js';
import { roomState } from './room-state.js';
import { AddressLedger, DEFAULT_ADDRESS_LIMITS, RatePerAddress } from './address-limits.js';
import { HELD_MESSAGES } from './capped-recovery-adapter.js';
import { ConnectionAllowance, connectionLimits } from './connection-limits.js';
import { createDrain } from './drain.js';
import { JoinPacer } from './join-pacing.js';
import { createTokenVerifier } from './join-token.js';
import { bearerClaimsOf, createHttpRoutes } from './http-routes.js';
import { logValue } from './log-value.js';
import { countRefusals, createMetrics } from './metrics.js';
import { sameSecret, type Member } from './presence.js';
import { createRoomWebhooks } from './room-webhooks.js';
import { createRecordingSink, type RecordingSinkHost } from './recording-sink.js';
import { securityHeaders } from './static-files.js';

export { DEFAULT_HELD_PLACE_MS, DEFAULT_RECOVERY_BUFFER_BYTES } from './signaling-options.js';
export type { SignalingServer, SignalingServerOptions } from './signaling-options.js';

const roomKey = (room: string) => `room:${room}`;

/**
 * Whether a request may come from where its `Origin` says: any origin when no list is set; else
 * the server's own, one on the list, or none at all (not a browser, which always sends one).
 */
export function originAllowed(req: IncomingMessage, corsOrigins: string[] | undefined): boolean {
  const origin = req.headers.origin;
  if (!corsOrigins || origin === undefined) return true;
  if (corsOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
const CLEAN_DISCONNECTS = new Set(['client namespace disconnect', 'server namespace disconnect', 'server shutting down']);

/** The size of an incoming packet's data, as sent (functions, the acknowledgements, left out). */
function packetBytes(packet: unknown[]): number {
  let bytes = 0;
  for (const part of packet) if (typeof part !== 'function') bytes += JSON.stringify(part ?? null).length;
  return bytes;
}

/** Starts the reference signaling relay (and any static folders) and resolves once it listens. */
export async function startSignalingServer(options: SignalingServerOptions = {}): Promise<SignalingServer> {
  const log = options.log ?? ((line: string) => console.log(line));
  const staticHeaders = securityHeaders(options.securityHeaders);
  const recoveryWindowMs = options.recoveryWindowMs ?? 5 * 60_000;
  const limits = connectionLimits(options.limits);
  const metrics = await createMetrics(options.metrics);
  // A configuration that cannot work is refused before anything is started.
  if (options.devTokens && !options.tokens?.secret) throw new Error('devTokens needs tokens.secret: it signs with it.');
  const verifyToken = options.tokens ? createTokenVerifier(options.tokens) : null;
  const http: HttpServer = createServer((req, res) => void handleHttp(req, res));
  // In this process's memory, or shared with other nodes in Redis (options.redis).
  const rooms = roomState(options, recoveryWindowMs, (id) => io.sockets.sockets.get(id)?.connected === true, log);
  const store = rooms.store;
  const io = new Server(http, {
    adapter: rooms.adapter,
    connectionStateRecovery: { maxDisconnectionDuration: recoveryWindowMs, skipMiddlewares: false },
    pingInterval: options.pingIntervalMs ?? 2_500,
    pingTimeout: options.pingTimeoutMs ?? 2_500,
    // Larger than the protocol's limit, so an oversized message gets an error ack, not a disconnect.
    maxHttpBufferSize: 16 * MAX_MESSAGE_CHARS,
    cors: { origin: options.corsOrigins ?? true },
    // Browsers apply no CORS to WebSockets: a page of another site could open one with the
    // person's cookies. With corsOrigins set, a handshake from any other site is refused.
    allowRequest: (req, callback) => {
      const allowed = originAllowed(req, options.corsOrigins);
      if (!allowed) {
        log(`error refused handshake: origin ${logValue(req.headers.origin)} is not allowed`);
        metrics.refused('origin_not_allowed');
      }
      callback(allowed ? null : 'origin_not_allowed', allowed);
    },
  });
  const bearerClaims = verifyToken ? bearerClaimsOf(verifyToken) : null;
  // With tokens, a recording is started only by a token with the record grant, and the host's
  // own check (if any) comes after; the manifest says whose token it was.
  const authorizeRecording: RecordingSinkHost['authorize'] = verifyToken
    ? async (req) => {
        const claims = await bearerClaims!(req);
        if (typeof claims === 'string' || !claims.grants.record) return false;
        const verdict = options.authorizeRecording ? await options.authorizeRecording(req) : true;
        return verdict === true ? { id: claims.sub } : verdict;
      }
    : options.authorizeRecording;
  const recordings = options.recordings ? createRecordingSink(options.recordings, { authorize: authorizeRecording, log }) : null;
  const roomWebhooks = options.webhooks
    ? createRoomWebhooks(options.webhooks, {
        startRoom: (room, at) => store.startRoom(room, at),
        endRoom: (room, leaving) => store.endRoom(room, leaving),
        log,
      })
    : null;
  const addressLimits = { ...DEFAULT_ADDRESS_LIMITS, ...options.addressLimits };
  const addresses = new AddressLedger(addressLimits);
  const pacer = options.joinPacing === false || options.joinPacing?.perSecond === 0 ? null : new JoinPacer(options.joinPacing ?? {});
  const iceConfigRate = new RatePerAddress(addressLimits.iceConfigsPerMinute);
  const recordingRate = new RatePerAddress(addressLimits.recordingsPerMinute);
  const clientOf = (request: { address: string; headers: IncomingHttpHeaders }) => options.clientAddress?.(request) ?? request.address;
  const addressOf = (socket: Socket) => clientOf(socket.handshake);
  const handleHttp = createHttpRoutes({
    options,
    log,
    // Not ready while the shared store (Redis) is away, whatever the host's own check says.
    ready: async () => rooms.healthy() && (options.ready ? await options.ready() : true),
    draining: () => drain.draining(),
    metrics,
    recordings,
    staticHeaders,
    bearerClaims,
    rates: {
      iceConfig: iceConfigRate,
      recordingStart: recordingRate,
      addressOf: (req) => clientOf({ address: req.socket.remoteAddress ?? '', headers: req.headers }),
    },
    leaveByBeacon: async (claim) => {
      const member = typeof claim.room === 'string' && typeof claim.participantId === 'string' ? await store.get(claim.room, claim.participantId) : undefined;
      const token = typeof claim.leaveToken === 'string' ? claim.leaveToken : undefined;
      if (!member || claim.instanceId !== member.instanceId || !sameSecret(token, member.leaveToken)) return false;
      await announceLeave(member, 'beacon');
      io.in(member.socketId).disconnectSockets(true);
      return true;
    },
  });

  /** A store that failed in the background (Redis away): logged; the sweep and the next events set it right. */
  const storeFailed = (what: string) => (error: unknown) => log(`error store ${what}: ${logValue(error)}`);
  /** Tells the room a member left; the member must be out of presence already. */
  const announceLeft = (member: Member, why: string) => {
    io.to(roomKey(member.room)).emit('message', stamp({ type: 'LEAVE', toId: BROADCAST, payload: {} }, member.participantId));
    log(`leave room=${member.room} participant=${member.participantId} instance=${member.instanceId} reason=${why}`);
    roomWebhooks?.left(member, why);
    store.prune(member.room).catch(storeFailed('prune'));
  };
  const announceLeave = async (member: Member, why: string) => {
    if (await store.remove(member)) announceLeft(member, why);
  };
  store.onExpired((member) => announceLeft(member, 'recovery_expired'));

  const drain = createDrain(io, log);
  metrics.watch(io, { isRoom: (key) => key.startsWith(roomKey('')), draining: drain.draining });
  io.use(countRefusals(metrics, drain.gate));
  io.use(
    countRefusals(metrics, admission({ store, addresses, pacer, addressOf, verifyToken, authorize: options.authorize, announceLeave, announceLeft, log })),
  );
  const controls = hostControls({ io, store, roomKey, enterRoom, announceLeave, removeParticipant: (room, id) => removeParticipant(room, id), log });

  async function removeParticipant(room: string, participantId: string, forMs = DEFAULT_REMOVED_FOR_MS): Promise<boolean> {
    await store.keepOut(room, participantId, forMs);
    const member = await store.get(room, participantId);
    if (!member) return false;
    await announceLeave(member, 'removed');
    // The member's connection may be on another node: the adapter carries both there.
    io.to(member.socketId).emit('refused', { code: 'removed', reason: 'You were removed from this call.' });
    io.in(member.socketId).disconnectSockets(true);
    return true;
  }

  io.on('connection', (socket) => {
    // Every incoming packet, whatever its event name, is charged to this connection's allowance.
    const allowance = new ConnectionAllowance(limits);
    socket.use((packet, next) => {
      const bytes = packetBytes(packet);
      metrics.received(packet, bytes);
      const verdict = allowance.judge(bytes);
      if (verdict === 'pass') return next();
      const ack = packet[packet.length - 1];
      const reason = 'Too many messages from this connection.';
      if (typeof ack === 'function') ack({ ok: false, code: 'rate_limited', reason });
      if (verdict === 'cut-off' && socket.connected) {
        const who = (socket.data.member ?? socket.data.knock?.request) as { room: string; participantId: string };
        log(`error cut off room=${who.room} participant=${who.participantId}: rate_limited`);
        socket.emit('refused', { code: 'rate_limited', reason: 'This connection sent too many messages and was closed.' });
        metrics.refused('rate_limited');
        socket.disconnect(true);
      }
    });
    socket.on('control', (raw: unknown, ack?: (reply: CommandAck) => void) => {
      const reply = typeof ack === 'function' ? ack : () => {};
      controls.command(socket, raw, reply).catch((error: unknown) => {
        storeFailed('command')(error);
        reply({ ok: false, code: 'service_unavailable', reason: 'The server cannot carry out room commands right now; try again in a few seconds.' });
      });
    });
    const knock = socket.data.knock as Knock | undefined;
    const entering = knock ? controls.wait(socket, knock) : enterRoom(socket, socket.data.member as Member, false);
    entering.catch((error: unknown) => {
      log(`error entering ${logValue(error)}`);
      socket.disconnect(true);
    });
  });

  /** A member in its room: welcomed, told what it missed, relaying its messages until it goes. */
  async function enterRoom(socket: Socket, member: Member, admittedNow: boolean): Promise<void> {
    member.socketId = socket.id; // final once recovery has restored the old id
    await store.setSocket(member, socket.id);
    if (!socket.rooms.has(roomKey(member.room))) void socket.join(roomKey(member.room));
    // What the recovered session missed, now that it has been authorized again.
    const held = (socket.data[HELD_MESSAGES] ?? []) as unknown[][];
    delete socket.data[HELD_MESSAGES];
    for (const [event, ...args] of held) socket.emit(event as string, ...args);
    const welcome = { joinSeq: member.joinSeq, leaveToken: member.leaveToken, resumeToken: member.resumeToken };
    // A guest let in from the waiting room was welcomed as waiting; now it hears it is in.
    if (admittedNow) socket.emit('room', { type: 'admitted', welcome });
    // `resumed`: the same instance back on a fresh connection (its node died, or Socket.IO could
    // not recover it): its place, and its calls, were kept.
    else socket.emit('welcome', { ...welcome, access: accessOf(member.claims), ...(socket.data.returning && !socket.recovered ? { resumed: true } : {}) });
    controls.greet(member).catch(storeFailed('greet'));
    log(`join room=${member.room} participant=${member.participantId} instance=${member.instanceId} seq=${member.joinSeq} recovered=${socket.recovered}`);
    if (admittedNow || !socket.data.returning) {
      roomWebhooks?.joined(member);
      metrics.joined();
    }

    // Relayed in the order sent, however long the store takes over each (a shared one is a network away).
    let inOrder = Promise.resolve();
    socket.on('message', (raw: unknown, ack?: (reply: SendAck) => void) => {
      const reply = typeof ack === 'function' ? ack : () => {};
      inOrder = inOrder
        .then(() => relay(raw, reply))
        .catch((error: unknown) => {
          log(`error relaying for participant=${member.participantId}: ${logValue(error)}`);
          reply({ ok: false, code: 'not_joined', reason: "The server could not check this connection's place in the room." });
        });
    });

    async function relay(raw: unknown, reply: (ack: SendAck) => void): Promise<void> {
      const parsed = parseOutgoing(raw);
      if (!parsed.ok) {
        log(`error message from participant=${member.participantId}: ${parsed.code}: ${logValue(parsed.reason)}`);
        return reply({ ok: false, code: parsed.code, reason: parsed.reason });
      }
      if (!sameMember(await store.get(member.room, member.participantId), member)) {
        return reply({ ok: false, code: 'not_joined', reason: 'This connection is no longer in the room.' });
      }
      const message = parsed.value;
      // The server vouches for identity: fromId, the admitted name, and the instance and join order in a JOIN.
      if (message.type === 'JOIN') Object.assign(message.payload, { instanceId: member.instanceId, joinSeq: member.joinSeq, name: member.name });
      if (message.type === 'CALLING') message.payload.name = member.name;
      // What a token does not let its holder publish is never offered to anyone.
      const publish = member.claims?.grants.publish;
      const unpermitted = publish && message.type === 'SIGNAL' && message.payload.description ? unpermittedKinds(message.payload.description.sdp, publish) : [];
      if (unpermitted.length > 0) {
        log(`error signal refused room=${member.room} participant=${member.participantId}: not_permitted to send ${unpermitted.join(',')}`);
        return reply({ ok: false, code: 'not_permitted', reason: `This join token does not allow sending ${unpermitted.join(' or ')}.` });
      }
      const envelope = stamp(message, member.participantId);
      if (message.toId === BROADCAST) {
        socket.to(roomKey(member.room)).emit('message', envelope);
        metrics.relayed(raw);
        return reply({ ok: true });
      }
      const target = await store.get(member.room, message.toId);
      if (!target) return reply({ ok: false, code: 'peer_not_found', reason: `${message.toId} is not in room ${member.room}.` });
      io.to(target.socketId).emit('message', envelope);
      metrics.relayed(raw);
      reply({ ok: true });
    }

    socket.on('disconnect', (reason) => void goneFrom(reason).catch(storeFailed('disconnect')));
    async function goneFrom(reason: string): Promise<void> {
      const current = await store.get(member.room, member.participantId);
      if (!sameMember(current, member) || current!.socketId !== socket.id) return;
      if (CLEAN_DISCONNECTS.has(reason)) return announceLeave(current!, reason.replaceAll(' ', '_'));
      // Presence holds while Socket.IO can still recover this socket.
      log(`hold room=${member.room} participant=${member.participantId} reason=${reason.replaceAll(' ', '_')}`);
      await store.hold(current!, recoveryWindowMs);
    }
  }

  try {
    await rooms.ready();
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(options.port ?? 8080, options.host, () => resolve());
    });
  } catch (error) {
    // Redis unreachable, the port taken: nothing this server started may keep running.
    await new Promise<void>((resolve) => io.close(() => resolve()));
    await store.close();
    throw error;
  }
  const port = (http.address() as AddressInfo).port;
  const shownHost = !options.host || options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    io,
    store,
    removeParticipant,
    isLocked: (room) => store.isLocked(room),
    drain: drain.drain,
    close: () =>
      new Promise<void>((resolve) => {
        // Pending webhooks go to their folders before close resolves (a process exits on it).
        const outboxes = Promise.all([roomWebhooks?.close(), recordings?.close()]);
        drain.close();
        metrics.close();
        addresses.close();
        iceConfigRate.close();
        recordingRate.close();
        io.close(() => void outboxes.then(() => store.close()).then(() => resolve()));
      }),
  };
}
