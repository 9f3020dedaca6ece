import { expect } from '@open-wc/testing';
import { CallEngine, CallError, type IncomingCall } from '../../src/index.js';
import { createMemoryTransportPair, type MemoryTransport } from '../../src/testing.js';
import { waitForPeers, waitForState } from '../helpers/engines.js';
import { expectMediaFlowing } from '../helpers/rtp-stats.js';
import { sleep, waitFor } from '../helpers/test-env.js';

/** Two direct-mode engines linked in memory: the same protocol and checks, no server. */
function directPair(options: { ringTimeoutMs?: number } = {}) {
  const [adaLink, bobLink] = createMemoryTransportPair();
  const common = { mode: 'direct' as const, media: { audio: true, video: true }, logger: { warn: () => {} }, ...options };
  const ada = new CallEngine({ ...common, participantId: 'ada', displayName: 'Ada', transport: adaLink });
  const bob = new CallEngine({ ...common, participantId: 'bob', displayName: 'Bob', transport: bobLink });
  return { ada, bob, adaLink, bobLink };
}

function nextIncoming(engine: CallEngine): Promise<IncomingCall> {
  return new Promise((resolve) => {
    const off = engine.on('incoming-call', (call) => {
      off();
      resolve(call);
    });
  });
}

describe('direct mode (click-to-call)', () => {
  let engines: CallEngine[] = [];
  afterEach(() => {
    engines.forEach((e) => e.destroy());
    engines = [];
  });
  async function joined(options?: { ringTimeoutMs?: number }) {
    const pair = directPair(options);
    engines.push(pair.ada, pair.bob);
    await pair.ada.join('office');
    await pair.bob.join('office');
    await waitFor(() => pair.ada.participants.length === 1 && pair.bob.participants.length === 1, 'both rosters');
    return pair;
  }

  it('does not connect anyone by itself', async () => {
    const { ada, bob } = await joined();
    await sleep(300);
    expect([ada.state, bob.state]).to.deep.equal(['waiting', 'waiting']);
    expect(ada.peerConnections.size + bob.peerConnections.size).to.equal(0);
  });

  it('rings, is accepted, and carries media both ways', async () => {
    const { ada, bob } = await joined();
    const incoming = nextIncoming(bob);
    const answered = ada.call('bob');
    expect(ada.state).to.equal('connecting');
    const call = await incoming;
    expect(call).to.include({ participantId: 'ada', name: 'Ada', video: true });
    expect(bob.isRinging('ada')).to.equal(true);
    call.accept();
    await answered;
    await waitForPeers(ada, ['bob']);
    await waitForPeers(bob, ['ada']);
    await expectMediaFlowing(ada.peerConnections.get('bob')!);
  });

  it('reports a declined call to the caller as call_declined', async () => {
    const { ada, bob } = await joined();
    const incoming = nextIncoming(bob);
    const answered = ada.call('bob').catch((e: CallError) => e);
    (await incoming).decline();
    const error = await answered;
    expect(error).to.be.instanceOf(CallError);
    expect((error as CallError).code).to.equal('call_declined');
    await waitForState(ada, 'waiting');
  });

  it('gives up after the ring timeout on both sides', async () => {
    const { ada, bob } = await joined({ ringTimeoutMs: 400 });
    const cancelled = new Promise((resolve) => bob.on('incoming-call-cancelled', resolve));
    const error = await ada.call('bob').catch((e: CallError) => e);
    expect((error as CallError).code).to.equal('ring_timeout');
    await cancelled;
    expect(bob.isRinging('ada')).to.equal(false);
  });

  it('ends the call on both sides when one hangs up', async () => {
    const { ada, bob } = await joined();
    nextIncoming(bob).then((call) => call.accept());
    await ada.call('bob');
    await waitForPeers(bob, ['ada']);
    const ended = new Promise((resolve) => bob.on('call-ended', resolve));
    ada.hangUp('bob');
    expect(await ended).to.deep.equal({ participantId: 'ada', reason: 'hangup' });
    await waitForState(bob, 'waiting');
    expect(bob.peerConnections.size).to.equal(0);
  });

  it('ignores an END_CALL for a session that is not the current one', async () => {
    const { ada, bob, adaLink } = await joined();
    const fromBob: { type: string; payload: { sessionId?: string; seq?: number } }[] = [];
    adaLink.onMessage((message) => fromBob.push(message as (typeof fromBob)[number]));
    nextIncoming(bob).then((call) => call.accept());
    await ada.call('bob');
    await waitForPeers(bob, ['ada']);
    await (adaLink as MemoryTransport).send({
      type: 'END_CALL',
      toId: 'bob',
      payload: { sessionId: '00000000-0000-4000-8000-000000000000', reason: 'hangup' },
    });
    // A fence, not a fixed wait: a ping of the current session, sent after on the same link, is
    // answered only after the END_CALL was handled, and only while the call is still on.
    const { sessionId } = fromBob.find((m) => m.type === 'ANSWER_CALL')!.payload;
    await (adaLink as MemoryTransport).send({ type: 'SOCKET_PING', toId: 'bob', payload: { sessionId: sessionId!, seq: 4242 } });
    await waitFor(() => fromBob.some((m) => m.type === 'SOCKET_PONG' && m.payload.seq === 4242), 'Bob to answer a ping of the call', 5_000);
    expect(bob.state).to.equal('connected');
    expect(bob.peerConnections.size).to.equal(1);
  });

  it('settles on one call when both ring each other at once, 10 times out of 10', async () => {
    for (let attempt = 1; attempt <= 10; attempt++) {
      const { ada, bob } = await joined();
      await Promise.all([ada.call('bob'), bob.call('ada')]);
      await waitForPeers(ada, ['bob']);
      await waitForPeers(bob, ['ada']);
      expect(ada.isRinging('bob') || bob.isRinging('ada'), `attempt ${attempt}`).to.equal(false);
      ada.destroy();
      bob.destroy();
    }
  });

  it('drops malformed and misaddressed messages with a typed error, and keeps going', async () => {
    const { ada, bob, bobLink } = await joined();
    const errors: CallError[] = [];
    ada.on('error', (e) => errors.push(e));
    // Hand Ada broken messages directly, bypassing the sender's checks, as a hostile router might.
    const adaInbox = (bobLink.peer as unknown as { emitter: { emit(e: string, m: unknown): void } }).emitter;
    adaInbox.emit('message', { v: 1, type: 'SIGNAL', fromId: 'bob', toId: 'ada', payload: { sessionId: 'x' } });
    adaInbox.emit('message', {
      v: 1,
      type: 'CALLING',
      fromId: 'bob',
      toId: 'someone-else',
      payload: { sessionId: '00000000-0000-4000-8000-000000000000', name: 'B', video: false },
    });
    expect(errors.map((e) => e.code)).to.deep.equal(['invalid_message']);
    expect(ada.isRinging('bob')).to.equal(false);
    nextIncoming(bob).then((call) => call.accept());
    await ada.call('bob');
    await waitForPeers(ada, ['bob']);
  });
});
