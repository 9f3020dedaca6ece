import type { Server, Socket } from 'socket.io';
import { parseRoomCommand, type CommandAck, type RoomCommand, type RoomCommandErrorCode, type RoomEvent } from '../src/signaling/room-protocol.js';
import type { Member } from './presence.js';
import { DEFAULT_ENDED_FOR_MS, ENDED_ROOM } from './removed-participants.js';
import { sameMember, type RoomStore } from './room-store.js';
import { isHost, mayAdmit, type Knock } from './waiting-room.js';

// The waiting room and the host's controls on the server: a knocking guest waits here until
// someone who may admit lets them in or turns them away; a host asks someone to mute, removes
// them, locks the room or ends it for everyone. Every command is checked against the role in the
// sender's join token: what the client shows or hides decides nothing.

export interface HostControlDeps {
  io: Server;
  store: RoomStore;
  roomKey: (room: string) => string;
  /** Puts an admitted connection in its room, as the connection handler does for everyone else. */
  enterRoom: (socket: Socket, member: Member, admittedNow: boolean) => Promise<void>;
  /** Tells the room a member left, removing it from presence if it still is there. */
  announceLeave: (member: Member, why: string) => Promise<void>;
  removeParticipant: (room: string, participantId: string) => Promise<boolean>;
  log: (line: string) => void;
}

/** Between nodes: the node holding a knocking connection lets it in. */
const LET_IN = 'lifeline:let-in';

const fail = (code: RoomCommandErrorCode, reason: string): CommandAck => ({ ok: false, code, reason });

export function hostControls(deps: HostControlDeps) {
  const { io, store, log } = deps;
  // Sockets by id, wherever they are: with several nodes, the adapter carries these to the node that has it.
  const emit = (socketId: string, event: RoomEvent) => io.to(socketId).emit('room', event);
  const close = (socketId: string) => io.in(socketId).disconnectSockets(true);
  const connected = async (socketId: string) => io.sockets.sockets.get(socketId)?.connected ?? (await io.in(socketId).fetchSockets()).length > 0;
  const toRoom = (room: string, event: RoomEvent) => io.to(deps.roomKey(room)).emit('room', event);
  /** Tells everyone in the room who may admit. */
  const toAdmitters = async (room: string, event: RoomEvent) => {
    for (const member of await store.members(room)) if (mayAdmit(member.claims)) emit(member.socketId, event);
  };
  const knockEvent = (knock: Knock): RoomEvent => ({
    type: 'knock',
    participantId: knock.request.participantId,
    name: knock.claims?.name ?? knock.request.name,
  });

  /** A knocking connection: welcomed as waiting, announced to those who may admit, forgotten when it goes. */
  async function wait(socket: Socket, knock: Knock): Promise<void> {
    const { room, participantId } = knock.request;
    knock.socketId = socket.id; // final once recovery has restored the old id
    socket.emit('welcome', { waiting: true, access: accessOf(knock.claims) });
    log(`knock room=${room} participant=${participantId}`);
    // Until admitted, nothing it sends reaches the room.
    socket.on('message', (_raw: unknown, ack?: (reply: CommandAck) => void) => {
      if (typeof ack === 'function') ack(fail('not_joined', 'This connection is no longer in the room.'));
    });
    const gone = async () => {
      if (!(await store.takeKnock(room, participantId, socket.id))) return;
      await toAdmitters(room, { type: 'knock-ended', participantId, outcome: 'left' });
      await store.prune(room);
    };
    socket.on('disconnect', () => void gone().catch((error: unknown) => log(`error knock of ${participantId} ended: ${String(error)}`)));
    await toAdmitters(room, knockEvent(knock));
  }

  /** What a member should know on entering: the lock, and for admitters everyone waiting. */
  async function greet(member: Member): Promise<void> {
    emit(member.socketId, { type: 'lock', locked: await store.isLocked(member.room) });
    if (mayAdmit(member.claims)) for (const knock of await store.knocks(member.room)) emit(member.socketId, knockEvent(knock));
  }

  async function admit(room: string, participantId: string): Promise<CommandAck> {
    const knock = await store.getKnock(room, participantId);
    if (!knock || !(await connected(knock.socketId))) return fail('peer_not_found', `${participantId} is not waiting.`);
    const result = await store.admit(knock.request, knock.socketId, knock.claims);
    if (!result.ok) return fail(result.code === 'room_full' ? 'room_full' : 'peer_not_found', result.reason);
    if (result.reclaimed) await deps.announceLeave(result.reclaimed, 'place_reclaimed');
    await store.takeKnock(room, participantId);
    // The guest's connection may be on another node: that node lets it in.
    const local = io.sockets.sockets.get(knock.socketId);
    if (local) await letIn(local, result.member);
    else io.serverSideEmit(LET_IN, { socketId: knock.socketId, member: result.member });
    await toAdmitters(room, { type: 'knock-ended', participantId, outcome: 'admitted' });
    return { ok: true };
  }

  /** A knocking connection of this node becomes a member: the room's messages and its own reach each other from now. */
  async function letIn(socket: Socket, member: Member): Promise<void> {
    delete socket.data.knock;
    socket.removeAllListeners('message');
    socket.data.member = member;
    await deps.enterRoom(socket, member, true);
  }
  io.on(LET_IN, ({ socketId, member }: { socketId: string; member: Member }) => {
    const socket = io.sockets.sockets.get(socketId);
    if (socket) void letIn(socket, member).catch((error: unknown) => log(`error letting in ${member.participantId}: ${String(error)}`));
  });

  async function deny(room: string, participantId: string): Promise<CommandAck> {
    const knock = await store.takeKnock(room, participantId);
    if (!knock) return fail('peer_not_found', `${participantId} is not waiting.`);
    io.to(knock.socketId).emit('refused', { code: 'denied', reason: 'The host did not let you in.' });
    close(knock.socketId);
    await toAdmitters(room, { type: 'knock-ended', participantId, outcome: 'denied' });
    await store.prune(room);
    return { ok: true };
  }

  async function end(host: Member): Promise<void> {
    const { room } = host;
    await store.keepOut(room, ENDED_ROOM, DEFAULT_ENDED_FOR_MS);
    toRoom(room, { type: 'ended', byId: host.participantId });
    for (const knock of await store.knocks(room)) {
      await store.takeKnock(room, knock.request.participantId);
      emit(knock.socketId, { type: 'ended', byId: host.participantId });
      close(knock.socketId);
    }
    for (const member of await store.members(room)) {
      await deps.announceLeave(member, 'ended_by_host');
      // The host's own connection closes once it has its answer.
      if (!sameMember(member, host)) close(member.socketId);
    }
    await store.prune(room);
  }

  async function run(member: Member, command: RoomCommand): Promise<CommandAck> {
    const { room } = member;
    switch (command.action) {
      case 'admit':
        return admit(room, command.participantId);
      case 'deny':
        return deny(room, command.participantId);
      case 'remove':
        // Someone still knocking is turned away instead.
        if (await store.getKnock(room, command.participantId)) return deny(room, command.participantId);
        return (await deps.removeParticipant(room, command.participantId))
          ? { ok: true }
          : fail('peer_not_found', `${command.participantId} is not in the room.`);
      case 'mute': {
        const target = await store.get(room, command.participantId);
        if (!target) return fail('peer_not_found', `${command.participantId} is not in the room.`);
        emit(target.socketId, { type: 'mute-requested', byId: member.participantId, byName: member.name, kinds: command.kinds });
        return { ok: true };
      }
      case 'lock':
      case 'unlock': {
        const locked = command.action === 'lock';
        await store.setLocked(room, locked);
        toRoom(room, { type: 'lock', locked });
        // An unlocked room has no waiting room: whoever waits comes in.
        if (!locked) for (const knock of await store.knocks(room)) await admit(room, knock.request.participantId);
        return { ok: true };
      }
      case 'end':
        await end(member);
        return { ok: true };
    }
  }

  /** A command from a member: checked, against their token's role, then carried out. */
  async function command(socket: Socket, raw: unknown, reply: (ack: CommandAck) => void): Promise<void> {
    const member = socket.data.member as Member | undefined;
    if (!member || !sameMember(await store.get(member.room, member.participantId), member))
      return reply(fail('not_joined', 'This connection is not in the room.'));
    const parsed = parseRoomCommand(raw);
    if (!parsed) return reply(fail('invalid_message', 'Not a room command.'));
    const admitting = parsed.action === 'admit' || parsed.action === 'deny';
    if (!(admitting ? mayAdmit(member.claims) : isHost(member.claims))) {
      log(`error ${parsed.action} refused room=${member.room} participant=${member.participantId}: not_permitted`);
      return reply(fail('not_permitted', admitting ? 'Only a host may let people in.' : 'Only a host may do that.'));
    }
    log(`${parsed.action} room=${member.room} by=${member.participantId}${'participantId' in parsed ? ` participant=${parsed.participantId}` : ''}`);
    if (parsed.action !== 'end') return reply(await run(member, parsed));
    // The host hears its command was taken before it hears the call end, then goes with everyone.
    reply({ ok: true });
    await end(member);
    socket.disconnect(true);
  }

  return { wait, greet, command };
}

/** What a client is told of its own access: its role, and the grants its UI should follow. */
export function accessOf(claims: Member['claims']) {
  return claims ? { role: claims.role, admit: mayAdmit(claims), publish: claims.grants.publish ?? null } : { role: null, admit: false, publish: null };
}
