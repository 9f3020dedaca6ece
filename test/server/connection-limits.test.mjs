// The per-connection allowance as pure logic, on a clock the test moves.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConnectionAllowance, connectionLimits, DEFAULT_CONNECTION_LIMITS } from '../../build/server/connection-limits.js';

function allowance(overrides) {
  let now = 0;
  const clock = { advance: (ms) => (now += ms) };
  return { allowance: new ConnectionAllowance(connectionLimits(overrides), () => now), clock };
}

test('a burst passes, the message after it is refused, and the rate refills it', () => {
  const { allowance: a, clock } = allowance({ messagesPerSecond: 10, messageBurst: 5, refusalsBeforeCutOff: 100 });
  for (let i = 0; i < 5; i++) assert.equal(a.judge(10), 'pass');
  assert.equal(a.judge(10), 'refuse');
  clock.advance(100); // one message's worth at 10 a second
  assert.equal(a.judge(10), 'pass');
  assert.equal(a.judge(10), 'refuse');
});

test('bytes are limited on their own, and a refused message costs nothing', () => {
  const { allowance: a, clock } = allowance({ bytesPerSecond: 1000, byteBurst: 1000, refusalsBeforeCutOff: 100 });
  assert.equal(a.judge(800), 'pass');
  assert.equal(a.judge(800), 'refuse');
  assert.equal(a.judge(200), 'pass', 'the refused 800 bytes were not charged');
  clock.advance(800);
  assert.equal(a.judge(800), 'pass');
});

test('refusals in a row cut the connection off; a message that passes starts the count again', () => {
  const { allowance: a, clock } = allowance({ messagesPerSecond: 1, messageBurst: 1, refusalsBeforeCutOff: 3 });
  assert.equal(a.judge(1), 'pass');
  assert.equal(a.judge(1), 'refuse');
  assert.equal(a.judge(1), 'refuse');
  clock.advance(1000);
  assert.equal(a.judge(1), 'pass');
  assert.deepEqual([a.judge(1), a.judge(1), a.judge(1)], ['refuse', 'refuse', 'cut-off']);
});

test('limits that would let everything through are refused at start', () => {
  for (const bad of [{ messagesPerSecond: 0 }, { byteBurst: -1 }, { bytesPerSecond: Number.NaN }, { refusalsBeforeCutOff: '5' }]) {
    assert.throws(() => connectionLimits(bad), /must be a positive number/);
  }
  assert.deepEqual(connectionLimits(), { ...DEFAULT_CONNECTION_LIMITS });
});
