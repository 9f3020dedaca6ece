import { expect } from '@open-wc/testing';
import { connectRaw, waitForMessage, type RawClient } from '../helpers/raw-client.js';
import { sleep, testEnv, uniqueRoom, waitFor } from '../helpers/test-env.js';

const session = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';

describe('reference server', () => {
  const clients: RawClient[] = [];
  const connect = async (room: string, participantId: string) => {
    const client = await connectRaw({ room, participantId });
    clients.push(client);
    return client;
  };
  afterEach(() => clients.splice(0).forEach((c) => c.close()));

  it('refuses a connection with a malformed identity, and keeps serving', async () => {
    for (const auth of [
      { room: 'bad room', participantId: 'ada' },
      { room: uniqueRoom(), participantId: '<img onerror=1>' },
      { room: uniqueRoom(), participantId: 'ada', v: 99 },
    ]) {
      const refusal = await connectRaw(auth).then(
        (c) => (c.close(), null),
        (data) => data,
      );
      expect(refusal, JSON.stringify(auth)).to.have.property('code').that.is.oneOf(['invalid_message', 'unsupported_version']);
    }
    const ok = await connect(uniqueRoom(), 'ada');
    expect(ok.welcome.joinSeq).to.equal(1);
  });

  it('answers malformed and oversized messages with an error ack and keeps the connection', async () => {
    const room = uniqueRoom();
    const ada = await connect(room, 'ada');
    await connect(room, 'bob');
    expect(await ada.send({ v: 1, type: 'NOPE', toId: 'bob', payload: {} })).to.include({ ok: false, code: 'invalid_message' });
    expect(await ada.send('not even an object')).to.include({ ok: false, code: 'invalid_message' });
    expect(await ada.send({ v: 1, type: 'SIGNAL', toId: '*', payload: { sessionId: session, candidate: { candidate: '' } } })).to.include({ ok: false });
    const huge = { v: 1, type: 'SIGNAL', toId: 'bob', payload: { sessionId: session, description: { type: 'offer', sdp: 'a'.repeat(200_000) } } };
    expect(await ada.send(huge)).to.include({ ok: false, code: 'message_too_large' });
    expect(ada.socket.connected).to.equal(true);
    expect(await ada.send({ v: 1, type: 'ENUM', toId: '*', payload: {} })).to.deep.equal({ ok: true });
  });

  it('stamps fromId, instanceId and join order itself: a client cannot speak as another', async () => {
    const room = uniqueRoom();
    const ada = await connect(room, 'ada');
    const bob = await connect(room, 'bob');
    await ada.send({ v: 1, type: 'JOIN', fromId: 'bob', toId: '*', payload: { instanceId: 'forged', name: 'Ada', audio: true, video: true, joinSeq: 99 } });
    const join = await waitForMessage(bob, (m) => m.type === 'JOIN', 'the JOIN');
    expect(join.fromId).to.equal('ada');
    expect(join.payload.joinSeq).to.equal(ada.welcome.joinSeq);
    expect(join.payload.instanceId).to.not.equal('forged');
  });

  it('delivers an addressed message only to its addressee', async () => {
    const room = uniqueRoom();
    const ada = await connect(room, 'ada');
    const bob = await connect(room, 'bob');
    const carol = await connect(room, 'carol');
    expect(await ada.send({ v: 1, type: 'SOCKET_PING', toId: 'bob', payload: { sessionId: session, seq: 7 } })).to.deep.equal({ ok: true });
    await waitForMessage(bob, (m) => m.type === 'SOCKET_PING' && m.payload.seq === 7, 'the ping');
    // A fence, not a fixed wait: Carol's own ping, sent after, reaches her after Bob's could have.
    await ada.send({ v: 1, type: 'SOCKET_PING', toId: 'carol', payload: { sessionId: session, seq: 9 } });
    await waitForMessage(carol, (m) => m.type === 'SOCKET_PING' && m.payload.seq === 9, 'the ping to Carol');
    expect(carol.received.filter((m) => m.type === 'SOCKET_PING').map((m) => m.payload.seq)).to.deep.equal([9]);
    expect(await ada.send({ v: 1, type: 'SOCKET_PING', toId: 'nobody', payload: { sessionId: session, seq: 8 } })).to.include({
      ok: false,
      code: 'peer_not_found',
    });
  });

  it('keeps rooms apart', async () => {
    const bobsRoom = uniqueRoom();
    const ada = await connect(uniqueRoom(), 'ada');
    const bob = await connect(bobsRoom, 'bob');
    const carol = await connect(bobsRoom, 'carol');
    expect(await ada.send({ v: 1, type: 'SOCKET_PING', toId: 'bob', payload: { sessionId: session, seq: 1 } })).to.include({ code: 'peer_not_found' });
    await ada.send({ v: 1, type: 'ENUM', toId: '*', payload: {} });
    // A fence, not a fixed wait: the server relayed Ada's ENUM (if at all) before it acked it,
    // so Carol's ping, sent after that ack, reaches Bob after anything of Ada's could have.
    await carol.send({ v: 1, type: 'SOCKET_PING', toId: 'bob', payload: { sessionId: session, seq: 2 } });
    await waitForMessage(bob, (m) => m.type === 'SOCKET_PING', 'the ping from his own room');
    expect(bob.received.filter((m) => m.fromId === 'ada')).to.have.length(0);
  });

  it('refuses a second live instance of a participant and leaves the first undisturbed', async () => {
    const room = uniqueRoom();
    const first = await connect(room, 'ada');
    const bob = await connect(room, 'bob');
    const refusal = await connectRaw({ room, participantId: 'ada' }).then(
      (c) => (c.close(), null),
      (data) => data,
    );
    expect(refusal).to.include({ code: 'already_in_room' });
    expect(first.socket.connected).to.equal(true);
    expect(await first.send({ v: 1, type: 'SOCKET_PING', toId: 'bob', payload: { sessionId: session, seq: 1 } })).to.deep.equal({ ok: true });
    await waitForMessage(bob, (m) => m.type === 'SOCKET_PING', 'the ping from the first instance');
  });

  it('refuses a fifth participant with room_full', async () => {
    const room = uniqueRoom();
    for (const id of ['p1', 'p2', 'p3', 'p4']) await connect(room, id);
    const refusal = await connectRaw({ room, participantId: 'p5' }).then(
      (c) => (c.close(), null),
      (data) => data,
    );
    expect(refusal).to.include({ code: 'room_full' });
  });

  it('announces LEAVE when a participant disconnects on purpose', async () => {
    const room = uniqueRoom();
    const ada = await connect(room, 'ada');
    const bob = await connect(room, 'bob');
    bob.close();
    const leave = await waitForMessage(ada, (m) => m.type === 'LEAVE', 'the LEAVE');
    expect(leave.fromId).to.equal('bob');
  });

  it("accepts a LEAVE beacon only with the connection's own leave token", async () => {
    const room = uniqueRoom();
    const ada = await connect(room, 'ada');
    const bob = await connect(room, 'bob');
    const leaveUrl = new URL('/lifeline/leave', testEnv.signalingUrl).href;
    const claim = { room, participantId: 'bob', instanceId: (bob.socket.auth as { instanceId: string }).instanceId };
    expect((await fetch(leaveUrl, { method: 'POST', body: JSON.stringify({ ...claim, leaveToken: 'guess' }) })).status).to.equal(403);
    expect((await fetch(leaveUrl, { method: 'POST', body: JSON.stringify({ ...claim, leaveToken: ada.welcome.leaveToken }) })).status).to.equal(403);
    expect((await fetch(leaveUrl, { method: 'POST', body: 'not json' })).status).to.equal(400);
    await sleep(100);
    expect(ada.received.filter((m) => m.type === 'LEAVE')).to.have.length(0);
    expect((await fetch(leaveUrl, { method: 'POST', body: JSON.stringify({ ...claim, leaveToken: bob.welcome.leaveToken }) })).status).to.equal(204);
    await waitForMessage(ada, (m) => m.type === 'LEAVE' && m.fromId === 'bob', 'the LEAVE');
  });
});

describe('reference server presence across a lost socket', () => {
  it('keeps a participant present while its socket may recover, and announces LEAVE when it cannot', async () => {
    const room = uniqueRoom();
    const ada = await connectRaw({ room, participantId: 'ada' });
    const bob = await connectRaw({ room, participantId: 'bob' });
    try {
      // An abrupt transport loss (no reconnection on this client): the server must hold Bob.
      bob.socket.io.engine.close();
      await sleep(2000);
      expect(
        ada.received.filter((m) => m.type === 'LEAVE'),
        'LEAVE during the recovery window',
      ).to.have.length(0);
      // The test server's recovery window is 6 s; then presence ends.
      const leave = await waitFor(() => ada.received.find((m) => m.type === 'LEAVE'), 'the LEAVE after the window', 10_000);
      expect(leave.fromId).to.equal('bob');
    } finally {
      ada.close();
      bob.close();
    }
  });
});
