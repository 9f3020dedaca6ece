// Faults as iptables rules on the faulted host's veth (never `lo`, so the browser's link to its
// agent and the page's own server keep working). Every rule is an INPUT rule: a packet is
// dropped where it arrives, so its sender is never told. A DROP in the sender's OUTPUT chain
// fails its sendto() with EPERM, which no real network does, and Chromium then sends again: a
// 30 % OUTPUT loss measured as about 9 % at the receiver (0.3 squared). So the faulted host's
// inbound half sits in its own INPUT chain, and its outbound half in the INPUT chains of the
// namespaces it talks to (the hub with the server, the other host), matched by its address.
import { execFile } from 'node:child_process';
import { HOST_VETH, HUB_ADDRESS, IP } from './netns.mjs';

/**
 * The rules of a fault on the host at `address`, as iptables argument lists without -A/-D:
 * `{ own: [...], peer: [...] }` where `own` go in the host's namespace and `peer` in each other
 * namespace (whose interface towards the host is `peerInterface`: br0 in the hub, veth0 in a host).
 * - 'media': UDP both ways (WebRTC here has host candidates only, all UDP); signaling is TCP.
 * - 'signaling': TCP between the host and the server, so the socket stalls while media flows.
 * - 'all': everything both ways.
 * - { loss: p }: each UDP packet dropped with probability p, each way (statistic match).
 */
export function faultRules(kind, address) {
  const own = (...match) => ['INPUT', '-i', HOST_VETH, ...match, '-j', 'DROP'];
  const peer = (peerInterface, ...match) => ['INPUT', '-i', peerInterface, '-s', address, ...match, '-j', 'DROP'];
  const both = (...match) => ({ own: [own(...match)], peer: (peerInterface) => [peer(peerInterface, ...match)] });
  if (kind === 'media') return both('-p', 'udp');
  if (kind === 'all') return both();
  if (kind === 'signaling') {
    return {
      own: [own('-p', 'tcp', '-s', HUB_ADDRESS)],
      // Only the server's namespace: TCP between the two hosts (none today) is not signaling.
      peer: (peerInterface, isHub) => (isHub ? [peer(peerInterface, '-p', 'tcp')] : []),
    };
  }
  if (kind && typeof kind === 'object' && typeof kind.loss === 'number' && kind.loss > 0 && kind.loss <= 1) {
    return both('-p', 'udp', '-m', 'statistic', '--mode', 'random', '--probability', String(kind.loss));
  }
  throw new Error(`unknown fault kind ${JSON.stringify(kind)}: 'media' | 'signaling' | 'all' | { loss: 0..1 }`);
}

/**
 * Applies a fault on one host. `target` is `{ ns, address }`, `peers` is `[{ ns, interface, isHub }]`.
 * Resolves to `{ kind, at, lift }`: `at` is Date.now() once every rule is in; `lift()` removes
 * them (once; later calls share the result) and resolves to Date.now() once they are gone.
 */
export async function applyFault(target, peers, kind) {
  const rules = faultRules(kind, target.address);
  const plan = [{ ns: target.ns, rules: rules.own }, ...peers.map((p) => ({ ns: p.ns, rules: rules.peer(p.interface, p.isHub) }))].filter(
    (p) => p.rules.length,
  );
  // One transaction per namespace, all namespaces at once: the skew is a few ms.
  const apply = (verb) =>
    Promise.all(
      plan.map(({ ns, rules }) =>
        restore(
          ns,
          rules.map((rule) => [verb, ...rule]),
        ),
      ),
    );
  try {
    await apply('-A');
  } catch (error) {
    // Each namespace's transaction is all or nothing: undo the ones that went in.
    await Promise.allSettled(
      plan.map(({ ns, rules }) =>
        restore(
          ns,
          rules.map((rule) => ['-D', ...rule]),
        ),
      ),
    );
    throw error;
  }
  const at = Date.now();
  let lifted = null;
  const lift = () => (lifted ??= apply('-D').then(() => Date.now()));
  return { kind, at, lift };
}

/** One iptables-restore transaction: every rule in one namespace lands (or leaves) at once. */
function restore(ns, lines) {
  const text = ['*filter', ...lines.map((line) => line.join(' ')), 'COMMIT', ''].join('\n');
  return new Promise((resolve, reject) => {
    const child = execFile(IP, ['netns', 'exec', ns, 'iptables-restore', '--noflush'], { timeout: 10_000 }, (error, _out, stderr) =>
      error ? reject(new Error(`iptables-restore in ${ns}: ${(stderr || error.message).trim()}\n${text}`)) : resolve(),
    );
    child.stdin.end(text);
  });
}
