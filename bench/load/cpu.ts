// Where the two cores went while a phase ran (Linux /proc): CPU time of each role's process tree,
// and the machine's busy share. Processes that exit inside the phase are counted only in `busy`.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** A role (temporal, postgres, api, ...) by the pids at the roots of its process trees. */
export type Roles = Record<string, (number | undefined)[]>;

interface Reading {
  at: number;
  /** CPU ms by role ('other' is everything outside the roles' trees). */
  byRole: Record<string, number>;
  machineBusyMs: number;
}

export interface CpuUse {
  seconds: number;
  cores: number;
  /** Non-idle share of all cores over the phase, in %. */
  busyPercent: number;
  /** CPU ms by role over the phase. */
  ms: Record<string, number>;
}

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();
const tickMs = 1000 / ticksPerSecond;

/** pid → parent and CPU ticks, from every /proc/<pid>/stat readable now. */
function processTable(): Map<number, { ppid: number; ticks: number }> {
  const table = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // The command name is in parentheses and may hold spaces: the fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    table.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
  }
  return table;
}

function machineBusyMs(): number {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = values.map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) * tickMs;
}

function read(roles: Roles): Reading {
  const roleOf = new Map<number, string>();
  for (const [role, pids] of Object.entries(roles)) for (const pid of pids) if (pid) roleOf.set(pid, role);
  const table = processTable();
  const byRole: Record<string, number> = { other: 0 };
  for (const role of Object.keys(roles)) byRole[role] = 0;
  for (const [pid, { ticks }] of table) {
    let at: number | undefined = pid;
    let role: string | undefined;
    for (let hops = 0; at && !role && hops < 64; hops += 1) {
      role = roleOf.get(at);
      at = table.get(at)?.ppid;
    }
    byRole[role ?? 'other']! += ticks * tickMs;
  }
  return { at: Date.now(), byRole, machineBusyMs: machineBusyMs() };
}

/** Starts measuring; the returned function ends the phase and says where its CPU time went. */
export function measureCpu(roles: () => Roles): () => CpuUse {
  const start = read(roles());
  return () => {
    const end = read(roles());
    const seconds = (end.at - start.at) / 1000;
    const cores = cpus().length;
    const ms: Record<string, number> = {};
    for (const [role, total] of Object.entries(end.byRole)) ms[role] = Math.round(total - (start.byRole[role] ?? 0));
    const busy = end.machineBusyMs - start.machineBusyMs;
    return { seconds, cores, busyPercent: Math.round((busy / (seconds * 1000 * cores)) * 100), ms };
  };
}

/** "temporal 12.1, postgres 8.3, ..." CPU ms per `per` (answered messages), largest first. */
export function perMessage(use: CpuUse, per: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [role, total] of Object.entries(use.ms).sort((a, b) => b[1] - a[1])) {
    out[role] = per ? Math.round((total / per) * 10) / 10 : NaN;
  }
  return out;
}
