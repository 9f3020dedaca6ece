// The rig's network: a hub namespace with a bridge (the server's side) and one namespace per
// test host, each on the bridge through a veth pair. IPv6 is off so browsers cannot find a
// second path around the faults. Nothing leaves 10.200.0.0/24: see the guard in createTopology.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const IP = process.env.IP_PATH ?? 'ip';

export const HUB_ADDRESS = '10.200.0.254';
export const SUBNET = '10.200.0.0/24';
export const HOST_ADDRESSES = { a: '10.200.0.1', b: '10.200.0.2' };
/** The host's end of its veth, named the same in every host namespace (names are per namespace). */
export const HOST_VETH = 'veth0';

// `ll<pid>-<n>-<role>`: the pid tells a later run whether the owner is still alive.
const NAME = /^ll(\d+)-\d+-(hub|a|b)$/;
let counter = 0;

/** Runs `ip ...`, bounded in time, and rejects with its stderr. */
export async function ip(...args) {
  try {
    const { stdout } = await run(IP, args, { timeout: 10_000 });
    return stdout;
  } catch (error) {
    throw new Error(`ip ${args.join(' ')}: ${(error.stderr || error.message).trim()}`);
  }
}

/** Runs a command inside a namespace, bounded in time. */
export function inNetns(ns, command, ...args) {
  return ip('netns', 'exec', ns, command, ...args);
}

/** Whether this process may build namespaces: root and a working `ip netns`. Null if yes, else why not. */
export function whyNoNetns() {
  if (process.getuid?.() !== 0) return 'the fault rig needs root (network namespaces and iptables)';
  for (const [command, args] of [
    [IP, ['netns', 'list']],
    ['iptables', ['--version']],
  ]) {
    try {
      execFileSync(command, args, { stdio: 'ignore', timeout: 5_000 });
    } catch {
      return `\`${command} ${args.join(' ')}\` does not work here (run scripts/install-deps.sh)`;
    }
  }
  return null;
}

const pidAlive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
};

/**
 * Kills every process inside a namespace, then deletes it. A namespace outlives its name while
 * a process holds it, and a browser in a detached process group would survive its agent.
 */
export function destroyNetnsSync(ns) {
  try {
    const pids = execFileSync(IP, ['netns', 'pids', ns], { encoding: 'utf8', timeout: 5_000 }).split(/\s+/).filter(Boolean);
    for (const pid of pids) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // already gone
      }
    }
  } catch {
    // no processes in it
  }
  try {
    execFileSync(IP, ['netns', 'del', ns], { stdio: 'ignore', timeout: 5_000 });
  } catch {
    // already deleted
  }
}

/** Removes the namespaces (and with them veths and rules) left by rigs whose process died. */
export async function sweepLeftovers() {
  const listing = await ip('netns', 'list').catch(() => '');
  for (const line of listing.split('\n')) {
    const name = line.split(' ')[0];
    const match = NAME.exec(name);
    if (match && Number(match[1]) !== process.pid && !pidAlive(Number(match[1]))) destroyNetnsSync(name);
  }
}

async function makeNetns(name) {
  await ip('netns', 'add', name);
  // Before any link is up, so no IPv6 link-local address ever appears.
  await inNetns(name, 'sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1');
  await ip('-n', name, 'link', 'set', 'lo', 'up');
}

/**
 * Builds hub + hosts. Returns `{ hub, hosts: { a, b }, destroy() }` with namespace names.
 * On a failure half way, what was built is removed before the error is thrown.
 */
export async function createTopology(hostIds = ['a', 'b']) {
  const prefix = `ll${process.pid}-${counter++}`;
  const hub = `${prefix}-hub`;
  const hosts = Object.fromEntries(hostIds.map((id) => [id, `${prefix}-${id}`]));
  const all = [hub, ...Object.values(hosts)];
  const destroy = () => all.forEach(destroyNetnsSync);
  try {
    await makeNetns(hub);
    await ip('-n', hub, 'link', 'add', 'br0', 'type', 'bridge');
    await ip('-n', hub, 'addr', 'add', `${HUB_ADDRESS}/24`, 'dev', 'br0');
    await ip('-n', hub, 'link', 'set', 'br0', 'up');
    for (const id of hostIds) {
      const ns = hosts[id];
      await makeNetns(ns);
      // Created from the hub with its peer born in the host: nothing ever appears in the root namespace.
      await ip('-n', hub, 'link', 'add', `hub-${id}`, 'type', 'veth', 'peer', 'name', HOST_VETH, 'netns', ns);
      await ip('-n', hub, 'link', 'set', `hub-${id}`, 'master', 'br0');
      await ip('-n', hub, 'link', 'set', `hub-${id}`, 'up');
      await ip('-n', ns, 'addr', 'add', `${HOST_ADDRESSES[id]}/24`, 'dev', HOST_VETH);
      await ip('-n', ns, 'link', 'set', HOST_VETH, 'up');
      // Firefox gathers no ICE candidate at all without a default route (it looks for the
      // address of the default interface), and a host with no route looks offline to browsers.
      // The route is on-link into the bridge, and the guard drops, before any ARP, every packet
      // a browser sends elsewhere (Firefox tries DNS and its services): nothing leaves the subnet.
      await ip('-n', ns, 'route', 'add', 'default', 'dev', HOST_VETH);
      await inNetns(ns, 'iptables', '-w', '5', '-A', 'OUTPUT', '-o', HOST_VETH, '!', '-d', SUBNET, '-j', 'DROP');
    }
  } catch (error) {
    destroy();
    throw error;
  }
  return { hub, hosts, destroy };
}
