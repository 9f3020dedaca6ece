// The waiting room and a host's controls against the real server, with real Socket.IO clients
// that say what they like: a guest knocking at a locked room hears nothing of it, only those the
// token lets admit can let them in, and every host command from a guest is refused.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { io } from 'socket.io-client';
import { signJoinToken } from '../../build/server/join-token.js';
import { startSignalingServer } from '../helpers/server-under-test.mjs';

const SECRET = 'a-waiting-room-secret-of-32-characters';
let server;
const policyAsked = [];
before(async () => {
  server = await startSignalingServer({
    port: 0,
    host: '127.0.0.1',
    log: () => {},
    tokens: { secret: SECRET },
    maxWaiting: 3,
    roomPolicy: (room) => {
      policyAsked.push(room);
      return { waitingRoom: room.startsWith('clinic-') };
    },
  });
});
after(() => server.close());

const sockets = [];
after(() => sockets.forEach((s) => s.disconnect()));

/** Connects as someone with a token; resolves with the socket, its welcome and every room event and message it hears. */
async function arrive(room, sub, { role = 'guest', admit = false, waitingRoom = false, publish } = {}) {
  const grants = { ...(admit ? { admit: true } : {}), ...(publish ? { publish } : {}) };
  const token = await signJoinToken({ room, sub, name: `Name of ${sub}`, role, grants, waitingRoom }, { secret: SECRET });
  const socket = io(server.url, {
    auth: { v: 1, room, participantId: sub, instanceId: `tab-${sub}-${Math.random().toString(36).slice(2, 8)}`, name: 'whatever', token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  const heard = { room: [], messages: [], refused: [], welcomes: [] };
  socket.on('room', (event) => heard.room.push(event));
  socket.on('message', (message) => heard.messages.push(message));
  socket.on('refused', (why) => heard.refused.push(why.code));
  socket.on('welcome', (welcome) => heard.welcomes.push(welcome));
  const welcome = await new Promise((resolve, reject) => {
    socket.once('welcome', resolve);
    socket.once('connect_error', (error) => reject(Object.assign(new Error(error.data?.code ?? error.message), { code: error.data?.code })));
  });
  return { socket, welcome, heard, sub };
}

const command = (who, cmd) => who.socket.timeout(5000).emitWithAck('control', cmd);
const send = (who, message) => who.socket.timeout(5000).emitWithAck('message', { v: 1, ...message });
const until = async (what, check, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};
const untilAsync = async (what, check, ms = 5000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};
const closed = (who) => new Promise((resolve) => (who.socket.disconnected ? resolve() : who.socket.once('disconnect', resolve)));

test('a guest at a locked room knocks, hears nothing of the room and cannot speak to it; the host sees the knock and admits', async () => {
  const host = await arrive('clinic-a', 'doctor', { role: 'host' });
  assert.equal(host.welcome.waiting, undefined);
  assert.deepEqual(host.welcome.access, { role: 'host', admit: true, publish: null });
  await until('the lock state', () => host.heard.room.some((e) => e.type === 'lock' && e.locked === true));

  const guest = await arrive('clinic-a', 'patient');
  assert.equal(guest.welcome.waiting, true);
  assert.equal(guest.welcome.joinSeq, undefined);
  await until('the knock', () => host.heard.room.some((e) => e.type === 'knock' && e.participantId === 'patient'));
  assert.equal(host.heard.room.find((e) => e.type === 'knock').name, 'Name of patient', 'the name comes from the token');

  // Knocking is not being in: the room's broadcasts do not reach the guest, and theirs go nowhere.
  await send(host, { type: 'ENUM', toId: '*', payload: {} });
  assert.deepEqual(await send(guest, { type: 'ENUM', toId: '*', payload: {} }), {
    ok: false,
    code: 'not_joined',
    reason: 'This connection is no longer in the room.',
  });
  assert.equal(
    (await send(guest, { type: 'SIGNAL', toId: 'doctor', payload: { sessionId: 'session-1234', candidate: { candidate: 'x' } } })).code,
    'not_joined',
  );
  assert.equal(await server.store.get('clinic-a', 'patient'), undefined);
  // Nor can a knocking guest command anything.
  assert.equal((await command(guest, { action: 'admit', participantId: 'patient' })).code, 'not_joined');

  assert.deepEqual(await command(host, { action: 'admit', participantId: 'patient' }), { ok: true });
  await until('admitted', () => guest.heard.room.some((e) => e.type === 'admitted'));
  const admitted = guest.heard.room.find((e) => e.type === 'admitted');
  assert.ok(admitted.welcome.joinSeq > 0 && admitted.welcome.resumeToken && admitted.welcome.leaveToken);
  assert.ok(await server.store.get('clinic-a', 'patient'));
  await until('knock-ended', () => host.heard.room.some((e) => e.type === 'knock-ended' && e.outcome === 'admitted'));
  assert.equal(guest.heard.messages.length, 0, 'nothing of the room reached the guest while it waited');
  // Now in: its broadcast reaches the host, stamped with its id.
  assert.deepEqual(await send(guest, { type: 'ENUM', toId: '*', payload: {} }), { ok: true });
  await until('the guest heard', () => host.heard.messages.some((m) => m.type === 'ENUM' && m.fromId === 'patient'));
  assert.ok(policyAsked.includes('clinic-a'));
});

test('a guest cannot admit, deny, mute, remove, lock, unlock or end: the server checks the role, not the client', async () => {
  const host = await arrive('clinic-b', 'doctor', { role: 'host' });
  const waiting = await arrive('clinic-b', 'second-patient');
  await command(host, { action: 'admit', participantId: 'second-patient' });
  const other = await arrive('clinic-b', 'third-patient');
  for (const cmd of [
    { action: 'admit', participantId: 'third-patient' },
    { action: 'deny', participantId: 'third-patient' },
    { action: 'mute', participantId: 'doctor', kinds: ['audio'] },
    { action: 'remove', participantId: 'doctor' },
    { action: 'lock' },
    { action: 'unlock' },
    { action: 'end' },
  ]) {
    const ack = await command(waiting, cmd);
    assert.equal(ack.code, 'not_permitted', `${cmd.action} by a guest`);
  }
  // Malformed commands are refused as such, whoever sends them.
  for (const bad of [
    null,
    'end',
    { action: 'explode' },
    { action: 'admit' },
    { action: 'admit', participantId: '../x' },
    { action: 'mute', participantId: 'doctor', kinds: ['screen'] },
  ]) {
    assert.equal((await command(host, bad)).code, 'invalid_message', JSON.stringify(bad));
  }
  assert.ok(await server.store.get('clinic-b', 'doctor'), 'the host is still there');
  assert.ok(await server.isLocked('clinic-b'));
  assert.ok(!(await server.store.get('clinic-b', 'third-patient')), 'still waiting');
  other.socket.disconnect();
  await until('the knock gone', () => host.heard.room.some((e) => e.type === 'knock-ended' && e.participantId === 'third-patient' && e.outcome === 'left'));
});

test('the admit grant lets a guest in directly and lets it admit, but gives no host controls', async () => {
  await arrive('clinic-c', 'doctor', { role: 'host' });
  const nurse = await arrive('clinic-c', 'nurse', { admit: true });
  assert.equal(nurse.welcome.waiting, undefined);
  assert.deepEqual(nurse.welcome.access, { role: 'guest', admit: true, publish: null });
  const patient = await arrive('clinic-c', 'patient');
  await until('the nurse sees the knock', () => nurse.heard.room.some((e) => e.type === 'knock'));
  assert.deepEqual(await command(nurse, { action: 'admit', participantId: 'patient' }), { ok: true });
  await until('admitted', () => patient.heard.room.some((e) => e.type === 'admitted'));
  assert.equal((await command(nurse, { action: 'remove', participantId: 'patient' })).code, 'not_permitted');
});

test('denied: the guest is told why and closed; it is no member and never was', async () => {
  const host = await arrive('clinic-d', 'doctor', { role: 'host' });
  const guest = await arrive('clinic-d', 'patient');
  const gone = closed(guest);
  assert.deepEqual(await command(host, { action: 'deny', participantId: 'patient' }), { ok: true });
  await gone;
  assert.deepEqual(guest.heard.refused, ['denied']);
  assert.equal(await server.store.get('clinic-d', 'patient'), undefined);
  assert.equal((await command(host, { action: 'admit', participantId: 'patient' })).code, 'peer_not_found');
});

test('guests keep waiting while the host is away, and a host who comes back sees them knocking', async () => {
  const host = await arrive('clinic-e', 'doctor', { role: 'host' });
  const guest = await arrive('clinic-e', 'patient');
  host.socket.disconnect();
  await untilAsync('the host gone', async () => !(await server.store.get('clinic-e', 'doctor')));
  await new Promise((r) => setTimeout(r, 300));
  assert.ok(guest.socket.connected, 'still waiting');
  assert.ok(await server.isLocked('clinic-e'), 'the room stays locked without anyone in it while someone waits');
  const back = await arrive('clinic-e', 'doctor', { role: 'host' });
  await until('the knock again', () => back.heard.room.some((e) => e.type === 'knock' && e.participantId === 'patient'));
  await command(back, { action: 'admit', participantId: 'patient' });
  await until('admitted', () => guest.heard.room.some((e) => e.type === 'admitted'));
});

test('a join token can lock its room; unlocking lets everyone waiting in, and later guests walk in', async () => {
  const host = await arrive('open-f', 'doctor', { role: 'host', waitingRoom: true });
  const first = await arrive('open-f', 'patient-1');
  const second = await arrive('open-f', 'patient-2');
  assert.equal(first.welcome.waiting, true);
  assert.equal(second.welcome.waiting, true);
  assert.deepEqual(await command(host, { action: 'unlock' }), { ok: true });
  await until('both admitted', () => [first, second].every((g) => g.heard.room.some((e) => e.type === 'admitted')));
  assert.equal(await server.isLocked('open-f'), false);
  const third = await arrive('open-f', 'patient-3', { waitingRoom: true });
  assert.equal(third.welcome.waiting, undefined, 'a host unlocked it; a token does not lock it again');
  await command(host, { action: 'lock' });
  await until('the room hears the lock', () => first.heard.room.some((e) => e.type === 'lock' && e.locked === true));
  assert.equal((await arrive('open-f', 'patient-4')).welcome.waiting, true);
});

test('the waiting room is bounded, and one participant knocks from one tab at a time', async () => {
  await arrive('clinic-g', 'doctor', { role: 'host' });
  const guests = [];
  for (let i = 0; i < 3; i++) guests.push(await arrive('clinic-g', `guest-${i}`));
  await assert.rejects(arrive('clinic-g', 'guest-3'), { code: 'room_full' });
  await assert.rejects(arrive('clinic-g', 'guest-0'), { code: 'already_in_room' });
});

test('ask to mute reaches only its target, from the host, with the host’s name; remove ends the session', async () => {
  const host = await arrive('room-h', 'doctor', { role: 'host' });
  const guest = await arrive('room-h', 'patient');
  const bystander = await arrive('room-h', 'relative');
  assert.deepEqual(await command(host, { action: 'mute', participantId: 'patient', kinds: ['audio'] }), { ok: true });
  await until('the request', () => guest.heard.room.some((e) => e.type === 'mute-requested'));
  assert.deepEqual(
    guest.heard.room.find((e) => e.type === 'mute-requested'),
    { type: 'mute-requested', byId: 'doctor', byName: 'Name of doctor', kinds: ['audio'] },
  );
  assert.ok(!bystander.heard.room.some((e) => e.type === 'mute-requested'));
  // A guest cannot fake one through the relay either: the room channel is the server's alone.
  await send(bystander, { type: 'ENUM', toId: '*', payload: { type: 'mute-requested' } });
  await until('the ENUM relayed', () => guest.heard.messages.some((m) => m.type === 'ENUM' && m.fromId === 'relative'));
  assert.equal(guest.heard.room.filter((e) => e.type === 'mute-requested').length, 1);

  const gone = closed(guest);
  assert.deepEqual(await command(host, { action: 'remove', participantId: 'patient' }), { ok: true });
  await gone;
  assert.deepEqual(guest.heard.refused, ['removed']);
  await until('the leave', () => bystander.heard.messages.some((m) => m.type === 'LEAVE' && m.fromId === 'patient'));
  await assert.rejects(arrive('room-h', 'patient'), { code: 'removed' });
});

test('end for everyone: everyone hears it and is closed, those waiting too, and the room stays closed', async () => {
  const host = await arrive('clinic-i', 'doctor', { role: 'host' });
  const inRoom = await arrive('clinic-i', 'patient');
  await command(host, { action: 'admit', participantId: 'patient' });
  const knocking = await arrive('clinic-i', 'late-patient');
  const all = [host, inRoom, knocking].map(closed);
  assert.deepEqual(await command(host, { action: 'end' }), { ok: true });
  await Promise.all(all);
  for (const who of [inRoom, knocking])
    assert.deepEqual(
      who.heard.room.filter((e) => e.type === 'ended'),
      [{ type: 'ended', byId: 'doctor' }],
    );
  assert.equal((await server.store.members('clinic-i')).length, 0);
  await assert.rejects(arrive('clinic-i', 'patient'), { code: 'room_ended' });
  await assert.rejects(arrive('clinic-i', 'doctor', { role: 'host' }), { code: 'room_ended' });
});

test('the publish grant: a description that would send a kind the token does not allow is refused and never relayed', async () => {
  const host = await arrive('room-j', 'doctor', { role: 'host' });
  const listener = await arrive('room-j', 'listener', { publish: ['audio'] });
  assert.deepEqual(listener.welcome.access.publish, ['audio']);
  const sdp = (videoDirection) =>
    [
      'v=0',
      'o=- 1 2 IN IP4 127.0.0.1',
      's=-',
      't=0 0',
      'm=audio 9 UDP/TLS/RTP/SAVPF 111',
      'a=sendrecv',
      `m=video 9 UDP/TLS/RTP/SAVPF 96`,
      `a=${videoDirection}`,
      '',
    ].join('\r\n');
  const signal = (direction) =>
    send(listener, { type: 'SIGNAL', toId: 'doctor', payload: { sessionId: 'session-abcdef', description: { type: 'offer', sdp: sdp(direction) } } });
  for (const direction of ['sendrecv', 'sendonly']) assert.equal((await signal(direction)).code, 'not_permitted', direction);
  assert.deepEqual(await signal('recvonly'), { ok: true });
  await until('the permitted one relayed', () => host.heard.messages.some((m) => m.type === 'SIGNAL'));
  assert.equal(host.heard.messages.filter((m) => m.type === 'SIGNAL').length, 1);
});
