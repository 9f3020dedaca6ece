// The test command's rule for skips: a skip counts only where the machine lacks what it names.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { whyBrowserSkipCouldRun, whySkipCouldRun } from '../helpers/skip-policy.mjs';

const bare = { root: false, ffprobe: false, turnserver: false, nginx: false, ipv6Loopback: false };
const full = { root: true, ffprobe: true, turnserver: true, nginx: true, ipv6Loopback: true };

// The reasons as the tests give them today.
const reasons = [
  'ffprobe is missing (scripts/install-deps.sh installs ffmpeg)',
  'turnserver is not installed (scripts/install-deps.sh installs coturn)',
  'nginx is not installed (scripts/install-deps.sh installs it)',
  'the fault rig needs root (network namespaces and iptables)',
  '`ip netns list` does not work here (run scripts/install-deps.sh)',
  'no ::1 on this machine to relay from',
];

test('a skip for something the machine lacks is a skip', () => {
  for (const reason of reasons) assert.equal(whySkipCouldRun(reason, bare), null, reason);
});

test('a skip for something the machine has counts as failed, naming it', () => {
  for (const reason of reasons) assert.match(whySkipCouldRun(reason, full) ?? '', /although this machine has/, reason);
  assert.match(whySkipCouldRun(reasons[0], { ...bare, ffprobe: true }) ?? '', /has ffprobe/);
  assert.equal(whySkipCouldRun(reasons[0], { ...full, ffprobe: false }), null);
});

test('a skip that names no known precondition counts as failed', () => {
  assert.match(whySkipCouldRun('flaky today', bare) ?? '', /no known reason/);
  assert.match(whySkipCouldRun(true, bare) ?? '', /no known reason/);
});

test('a browser skip counts only in Firefox', () => {
  assert.match(whyBrowserSkipCouldRun('Chrome') ?? '', /Chrome/);
  assert.match(whyBrowserSkipCouldRun('Chromium') ?? '', /Chromium/);
  assert.equal(whyBrowserSkipCouldRun('Firefox'), null);
});
