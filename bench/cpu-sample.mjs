// CPU time samples, to tell a process that was busy from one that was starved: its own CPU time,
// the time its main thread waited for a CPU (Linux schedstat), how late its event loop ran, and
// how busy the whole machine was.
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const readOrNull = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
};

/** This process: `{ at, cpu, waitMs }`; waitMs (main thread runnable but not running) is null off Linux. */
export function processCpuSample() {
  const schedstat = readOrNull('/proc/thread-self/schedstat') ?? readOrNull('/proc/self/schedstat');
  const waitNs = schedstat ? Number(schedstat.split(' ')[1]) : NaN;
  return { at: Date.now(), cpu: process.cpuUsage(), waitMs: Number.isFinite(waitNs) ? waitNs / 1e6 : null };
}

const LOOP_TICK_MS = 10;

/**
 * How late this process's event loop runs: `read()` gives p99 and max in ms since the last
 * `reset()`. Node measures a 10 ms timer's whole interval; the tick itself is taken off here.
 */
export function eventLoopDelay() {
  const histogram = monitorEventLoopDelay({ resolution: LOOP_TICK_MS });
  histogram.enable();
  const late = (ns) => Math.max(0, ns / 1e6 - LOOP_TICK_MS);
  return {
    read: () => ({ p99: late(histogram.percentile(99)), max: late(histogram.max) }),
    reset: () => histogram.reset(),
  };
}

/** The machine: jiffies busy and in all since boot (`/proc/stat`), or null off Linux. */
export function machineCpuSample() {
  const line = readOrNull('/proc/stat')?.split('\n')[0];
  if (!line?.startsWith('cpu ')) return null;
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return { busy: user + nice + system + irq + softirq + steal, all: user + nice + system + idle + iowait + irq + softirq + steal };
}

/** Between two samples of one process: CPU used and time waiting for a CPU, each in % of the wall time. */
export function processCpuPercent(a, b) {
  const wallMs = Math.max(1, b.at - a.at);
  return {
    cpu: (b.cpu.user + b.cpu.system - a.cpu.user - a.cpu.system) / 10 / wallMs,
    wait: a.waitMs === null || b.waitMs === null ? undefined : ((b.waitMs - a.waitMs) / wallMs) * 100,
  };
}

/** Between two machine samples: how busy all its CPUs were, in %. */
export const machineBusyPercent = (a, b) => (a && b && b.all > a.all ? ((b.busy - a.busy) / (b.all - a.all)) * 100 : undefined);

/** Another process, from `/proc/<pid>/stat`: `{ at, cpu }` as processCpuSample gives (no waitMs), or null off Linux. */
export function otherProcessCpuSample(pid) {
  const stat = readOrNull(`/proc/${pid}/stat`);
  if (!stat) return null;
  // The fields after the command name (which may hold spaces) start at its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const TICK_MICROS = 10_000; // USER_HZ is 100 on Linux
  return { at: Date.now(), cpu: { user: Number(fields[11]) * TICK_MICROS, system: Number(fields[12]) * TICK_MICROS }, waitMs: null };
}
