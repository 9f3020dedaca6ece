import { spawnSync } from 'node:child_process';
import { networkInterfaces } from 'node:os';

// A skipped test proves nothing, so the test command counts a skip as a failure unless the
// machine really lacks what the skip names. What the machine has is probed here, apart from the
// tests' own checks: a wrong check in a test (a path that moved, say) must not excuse itself.

const onPath = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

/** What this machine has, of the things some test needs. */
export function probeMachine() {
  return {
    root: process.getuid?.() === 0,
    ffprobe: onPath('ffprobe'),
    turnserver: onPath('turnserver'),
    nginx: onPath('nginx'),
    ipv6Loopback: Object.values(networkInterfaces())
      .flat()
      .some((nic) => nic?.address === '::1'),
  };
}

// The preconditions that the tests' skip reasons name (grep test/ for `skip`), and the fact
// that each one needs. The fault rig also needs `ip netns` and iptables, which a root machine
// without them gets from scripts/install-deps.sh before any test runs.
const PRECONDITIONS = [
  { names: /ffprobe/, fact: 'ffprobe' },
  { names: /turnserver|coturn/, fact: 'turnserver' },
  { names: /nginx/, fact: 'nginx' },
  { names: /needs root|ip netns|iptables/, fact: 'root' },
  { names: /::1/, fact: 'ipv6Loopback' },
];

/**
 * Why a Node test's skip does not count as a skip, or null when it does: it names something this
 * machine lacks. A skip that names nothing this file knows could always have run.
 */
export function whySkipCouldRun(reason, machine) {
  const text = typeof reason === 'string' ? reason : '';
  const known = PRECONDITIONS.filter(({ names }) => names.test(text));
  if (known.length === 0) return `skipped for no known reason (${text || 'none given'})`;
  const met = known.find(({ fact }) => machine[fact]);
  return met ? `skipped although this machine has ${met.fact} (${text})` : null;
}

/**
 * The same for a browser test (mocha's `this.skip()` carries no reason): the run's Chromium has
 * everything a test may skip for (three fake cameras, speakers to pick, the TURN certificate
 * trusted), so a skip there could have run. Firefox's fake devices are one camera and one
 * microphone with no speakers listed, and it cannot be told to trust the test's certificate.
 */
export function whyBrowserSkipCouldRun(browserName) {
  return /chrom/i.test(browserName ?? '') ? `skipped in ${browserName}, which has everything the tests skip for` : null;
}
