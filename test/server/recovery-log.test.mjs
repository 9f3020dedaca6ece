// The log of messages kept for recovering connections, alone on a fake clock: ids a client can
// send back, what a session in given rooms missed, the byte cap and the age limit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { audienceOf, reaches, RecoveryLog } from '../../build/server/recovery-log.js';

/** Keeps a message the way the adapter does: the id appended to its data. */
function keep(log, room, text) {
  const id = log.nextId();
  log.push(JSON.stringify(['message', text, id]), room);
  return id;
}
const texts = (jsons) => jsons.map((json) => JSON.parse(json)[1]);

test('a session gets what was sent to its rooms after the last id it saw, in order', () => {
  const log = new RecoveryLog(1e6, 60_000);
  const first = keep(log, 'ada', 'a1');
  keep(log, 'bob', 'b1');
  const second = keep(log, 'ada', 'a2');
  keep(log, 'ada', 'a3');
  keep(log, audienceOf({ rooms: new Set(['room:x']), except: new Set(['bob']) }), 'to the room but bob');
  assert.deepEqual(texts(log.since(first, ['ada', 'room:x'])), ['a2', 'a3', 'to the room but bob']);
  assert.deepEqual(texts(log.since(second, ['ada'])), ['a3']);
  assert.deepEqual(texts(log.since(first, ['bob', 'room:x'])), ['b1'], 'its own message, and not the broadcast that excluded it');
  assert.equal(log.since('f00.1', ['ada']), null, 'an id of another process is not ours');
  assert.equal(log.since(first.slice(0, -1) + 'zz', ['ada']), null, 'an id not yet given out');
  assert.equal(log.since('', ['ada']), null);
});

test('over the byte cap the oldest go, down to 7/8 of it, and their ids no longer restore', () => {
  const log = new RecoveryLog(1_000, 60_000);
  const ids = Array.from({ length: 40 }, (_, i) => keep(log, 'ada', 'x'.repeat(30) + i));
  assert.ok(log.bytes <= 1_000, `${log.bytes} kept`);
  assert.equal(log.since(ids[0], ['ada']), null, 'the oldest was dropped');
  const newestKept = ids.findIndex((id) => log.since(id, ['ada']) !== null);
  assert.ok(newestKept > 0 && newestKept < 39);
  assert.equal(log.since(ids[newestKept], ['ada']).length, 39 - newestKept, 'everything after a kept id is there');
});

test('messages older than the window are dropped, to the second', () => {
  let now = 1_000_000;
  const log = new RecoveryLog(1e6, 10_000, () => now);
  const old = keep(log, 'ada', 'old');
  now += 5_000;
  const middle = keep(log, 'ada', 'middle');
  keep(log, 'ada', 'new');
  now += 7_000; // `old` is 12 s old, `middle` 7 s
  assert.equal(log.since(old, ['ada']), null);
  assert.deepEqual(texts(log.since(middle, ['ada'])), ['new']);
  now += 60_000;
  keep(log, 'ada', 'latest');
  assert.equal(log.size, 1, 'a push drops what expired');
});

test('ids stay right across compactions of the arrays', () => {
  const log = new RecoveryLog(20 * 1_000, 60_000);
  let last = null;
  for (let i = 0; i < 30_000; i++) last = keep(log, i % 2 ? 'ada' : 'bob', String(i));
  const recent = texts(log.since(last, ['ada']));
  assert.deepEqual(recent, []);
  const ids = [];
  for (let i = 0; i < 5; i++) ids.push(keep(log, 'ada', `tail${i}`));
  assert.deepEqual(texts(log.since(ids[1], ['ada'])), ['tail2', 'tail3', 'tail4']);
  assert.ok(log.bytes <= 20_000);
});

test('an audience of one room is that room name; a broadcast keeps its rooms and exceptions', () => {
  assert.equal(audienceOf({ rooms: new Set(['s1']), except: new Set() }), 's1');
  const everyoneButS1 = audienceOf({ rooms: new Set(), except: new Set(['s1']) });
  assert.equal(reaches(everyoneButS1, ['s2']), true);
  assert.equal(reaches(everyoneButS1, ['s1', 'room']), false);
  assert.equal(reaches('s1', ['s2']), false);
});
