// Faults as iptables rules inside one host's namespace, on its veth only: `lo` stays untouched
// so the browser's DevTools/BiDi link to its agent and the page's own server keep working.
import { execFile } from 'node:child_process';
import { HOST_VETH, HUB_ADDRESS, IP } from './netns.mjs';

/**
 * The rules of a fault, as iptables argument lists without the -A/-D verb.
 * - 'media': UDP both ways (WebRTC here has host candidates only, all UDP); signaling is TCP.
 * - 'signaling': TCP to and from the server, so the socket stalls while media still flows.
 * - 'all': everything both ways.
 * - { loss: p }: each UDP packet dropped with probability p, each way (statistic match).
 */
export function faultRules(kind) {
  const both = (...match) => [
    ['INPUT', '-i', HOST_VETH, ...match, '-j', 'DROP'],
    ['OUTPUT', '-o', HOST_VETH, ...match, '-j', 'DROP'],
  ];
  if (kind === 'media') return both('-p', 'udp');
  if (kind === 'all') return both();
  if (kind === 'signaling') {
    return [
      ['INPUT', '-i', HOST_VETH, '-p', 'tcp', '-s', HUB_ADDRESS, '-j', 'DROP'],
      ['OUTPUT', '-o', HOST_VETH, '-p', 'tcp', '-d', HUB_ADDRESS, '-j', 'DROP'],
    ];
  }
  if (kind && typeof kind === 'object' && typeof kind.loss === 'number' && kind.loss > 0 && kind.loss <= 1) {
    return both('-p', 'udp', '-m', 'statistic', '--mode', 'random', '--probability', String(kind.loss));
  }
  throw new Error(`unknown fault kind ${JSON.stringify(kind)}: 'media' | 'signaling' | 'all' | { loss: 0..1 }`);
}

/**
 * Applies a fault in namespace `ns`. Resolves to `{ kind, at, lift }`: `at` is Date.now() once
 * the rules are in; `lift()` removes them (once; later calls share the result) and resolves to
 * Date.now() once they are gone.
 */
export async function applyFault(ns, kind) {
  const rules = faultRules(kind);
  await restore(ns, rules.map((rule) => ['-A', ...rule]));
  const at = Date.now();
  let lifted = null;
  const lift = () => (lifted ??= restore(ns, rules.map((rule) => ['-D', ...rule])).then(() => Date.now()));
  return { kind, at, lift };
}

/** One iptables-restore transaction: every rule of a fault lands (or leaves) at the same instant. */
function restore(ns, lines) {
  const text = ['*filter', ...lines.map((line) => line.join(' ')), 'COMMIT', ''].join('\n');
  return new Promise((resolve, reject) => {
    const child = execFile(IP, ['netns', 'exec', ns, 'iptables-restore', '--noflush'], { timeout: 10_000 }, (error, _out, stderr) =>
      error ? reject(new Error(`iptables-restore in ${ns}: ${(stderr || error.message).trim()}\n${text}`)) : resolve(),
    );
    child.stdin.end(text);
  });
}
