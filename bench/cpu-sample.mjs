// CPU time samples, to tell a process that was busy from one that was starved: its own CPU time,
// the time its main thread waited for a CPU (Linux schedstat), and how busy the whole machine was.
import { readFileSync } from 'node:fs';

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
