import type { Socket } from 'socket.io';
import { parseJoinRequest, type JoinRequest } from '../src/signaling/protocol.js';
import type { AddressLedger } from './address-limits.js';
import type { JoinPacer } from './join-pacing.js';
import { TokenError, verifyJoinToken, type JoinClaims, type TokenVerifier } from './join-token.js';
import { logValue } from './log-value.js';
import type { Member } from './presence.js';
import { ENDED_ROOM } from './removed-participants.js';
import type { RoomStore } from './room-store.js';

// Who gets into a room: every handshake, recovered ones included, passes the same checks in
// this order. Anything the client says about itself is checked here or ignored.

export type Refusal = Error & { data: { code: string; reason: string; retryAfterMs?: number } };

/** A handshake's refusal, as the client sees it; `retryAfterMs` says when to come back, where there is a when. */
export function refusal(code: string, reason: string, retryAfterMs?: number): Refusal {
  return Object.assign(new Error(code), { data: { code, reason, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) } });
}

/** When a client refused while the shared store is away tries again: in a few seconds, not all at once. */
const STORE_AWAY_RETRY_MS = 3_000;

export interface AdmissionDeps {
  /** Presence, waiting rooms and who is kept out. */
  store: RoomStore;
  addresses: AddressLedger;
  /** How fast this node lets handshakes in; null lets them all in at once. */
  pacer: JoinPacer | null;
  addressOf: (socket: Socket) => string;
  /** Verifies join tokens; null in open mode. */
  verifyToken: TokenVerifier | null;
  authorize?: (request: JoinRequest, handshake: Socket['handshake']) => boolean | Promise<boolean>;
  /** Tells the room a member left, removing it from presence if it still is there. */
  announceLeave: (member: Member, why: string) => Promise<void>;
  /** Tells the room a member left whom presence already let go. */
  announceLeft: (member: Member, why: string) => void;
  log: (line: string) => void;
}

/** Whether a recovered session's member is the one this request claims to be. */
function sameIdentity(member: Member | undefined, request: JoinRequest): boolean {
  return !!member && member.room === request.room && member.participantId === request.participantId && member.instanceId === request.instanceId;
}

/** The Socket.IO middleware that admits a connection to its room, or refuses it with a code. */
export function admission(deps: AdmissionDeps) {
  const { store, addresses, log } = deps;
  return async (socket: Socket, next: (error?: Error) => void): Promise<void> => {
    const address = deps.addressOf(socket);
    // The address's own limits first: one address's flood must not spend the node's pace for everyone.
    const tooMuch = addresses.check(address);
    if (tooMuch) {
      log(`error refused connection from ${logValue(address)}: ${tooMuch}`);
      return next(
        refusal(tooMuch, tooMuch === 'rate_limited' ? 'Too many joins from this address; try again in a minute.' : 'Too many connections from this address.'),
      );
    }
    const retryAfterMs = deps.pacer?.take() ?? null;
    if (retryAfterMs !== null) {
      return next(refusal('service_unavailable', 'This server is letting many people in at once; try again in a moment.', retryAfterMs));
    }
    addresses.admit(address); // checked just above, with nothing awaited between: it counts, never refuses
    // Counted from here until the socket goes; a refusal below gives it back at once.
    let admitted = false;
    socket.once('disconnect', () => admitted && addresses.release(address));
    const refuse = (error: Refusal) => {
      addresses.release(address);
      next(error);
    };
    try {
      await decide();
    } catch (error) {
      // The shared store is away (Redis restarting): this join is refused for now, with a hint
      // to retry; calls already under way do not need it.
      log(`error refused connection: service_unavailable: ${logValue(error)}`);
      refuse(
        refusal(
          'service_unavailable',
          'The server cannot take new joins right now; try again in a few seconds.',
          Math.round(STORE_AWAY_RETRY_MS * (0.5 + Math.random())),
        ),
      );
    }

    async function decide(): Promise<void> {
      const parsed = parseJoinRequest(socket.handshake.auth);
      if (!parsed.ok) {
        log(`error refused connection: ${parsed.code}: ${logValue(parsed.reason)}`);
        return refuse(refusal(parsed.code, parsed.reason));
      }
      const request = parsed.value;
      const who = `room=${request.room} participant=${request.participantId}`;
      // Removed from this room: neither their old session nor a new one gets back in for a while.
      if (await store.isKeptOut(request.room, request.participantId)) {
        log(`error refused ${who}: removed`);
        return refuse(refusal('removed', 'You were removed from this call.'));
      }
      if (await store.isKeptOut(request.room, ENDED_ROOM)) {
        log(`error refused ${who}: room_ended`);
        return refuse(refusal('room_ended', 'The host ended this call.'));
      }
      let claims: JoinClaims | null = null;
      if (deps.verifyToken) {
        try {
          claims = await verifyJoinToken(deps.verifyToken, request.token, request);
        } catch (error) {
          const code = error instanceof TokenError ? error.code : 'token_invalid';
          log(`error refused ${who}: ${code}`);
          return refuse(refusal(code, error instanceof TokenError ? error.message : 'The join token is not valid.'));
        }
      }
      if (deps.authorize) {
        // A host's check that throws (as JWT libraries do on a bad token) refuses this one
        // connection; it must never take the server down with it.
        const allowed = await Promise.resolve()
          .then(() => deps.authorize!(request, socket.handshake))
          .catch((error: unknown) => {
            log(`error refused ${who}: authorize failed: ${logValue(error)}`);
            return null;
          });
        if (allowed !== true) {
          if (allowed === false) log(`error refused ${who}: not authorized`);
          return refuse(refusal('not_authorized', 'The server did not authorize this participant.'));
        }
      }
      // In a locked room a guest knocks, unless this is their own admitted session coming back.
      let knocks = false;
      if (!(await store.isReturning(request, socket.id))) {
        try {
          knocks = await store.mustKnock(request.room, claims);
        } catch (error) {
          log(`error refused ${who}: room policy failed: ${logValue(error)}`);
          return refuse(refusal('not_authorized', 'The server could not decide who may join this room.'));
        }
      }
      // A handshake given up while the checks ran must not take a place it will never use.
      if (socket.conn.readyState !== 'open') return refuse(refusal('signaling_closed', 'The connection closed during the handshake.'));
      // A session is recovered only by the identity that had it; any other starts afresh, and the
      // old identity's place goes with it.
      const previous = socket.recovered ? (socket.data.member as Member | undefined) : undefined;
      if (socket.recovered && !sameIdentity(previous, request)) {
        for (const room of socket.rooms) if (room !== socket.id) void socket.leave(room);
        if (previous) await deps.announceLeave(previous, 'identity_changed');
        socket.data = {};
      }
      if (knocks) {
        const knock = await store.knock(request, socket.id, claims);
        if (!knock.ok) {
          log(`error refused ${who}: ${knock.code}`);
          await store.prune(request.room);
          return refuse(refusal(knock.code, knock.reason));
        }
        admitted = true;
        socket.data.knock = knock.knock;
        return next();
      }
      const result = await store.admit(request, socket.id, claims);
      if (!result.ok) {
        log(`error refused ${who}: ${result.code}`);
        await store.prune(request.room);
        return refuse(refusal(result.code, result.reason));
      }
      if (result.reclaimed) deps.announceLeft(result.reclaimed, 'place_reclaimed');
      // The store may have taken a while (a shared one is a network away): a handshake given up
      // meanwhile gives its place back at once, and a fresh one is no ghost.
      if (socket.conn.readyState !== 'open') {
        if (!result.returning) await deps.announceLeave(result.member, 'handshake_abandoned');
        return refuse(refusal('signaling_closed', 'The connection closed during the handshake.'));
      }
      admitted = true;
      socket.data.member = result.member;
      // Whether this is a member coming back (recovered or resumed): only a fresh one is a new join.
      socket.data.returning = result.returning;
      next();
    }
  };
}
