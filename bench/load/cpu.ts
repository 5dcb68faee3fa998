// Where the two cores went while a phase ran (Linux /proc): CPU time of each role's process tree,
// and the machine's busy share. What a process used before it exited inside the phase shows only
// in the busy share.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** A role (temporal, postgres, api, ...) by the pids at the roots of its process trees. */
export type Roles = Record<string, (number | undefined)[]>;

interface Reading {
  at: number;
  /** pid → its role ('other' outside the roles' trees) and CPU ms so far. */
  processes: Map<number, { role: string; ms: number }>;
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
  const processes = new Map<number, { role: string; ms: number }>();
  for (const [pid, { ticks }] of table) {
    let at: number | undefined = pid;
    let role: string | undefined;
    for (let hops = 0; at && !role && hops < 64; hops += 1) {
      role = roleOf.get(at);
      at = table.get(at)?.ppid;
    }
    processes.set(pid, { role: role ?? 'other', ms: ticks * tickMs });
  }
  return { at: Date.now(), processes, machineBusyMs: machineBusyMs() };
}

/** Starts measuring; the returned function ends the phase and says where its CPU time went. */
export function measureCpu(roles: () => Roles): () => CpuUse {
  const start = read(roles());
  return () => {
    const end = read(roles());
    const seconds = (end.at - start.at) / 1000;
    const cores = cpus().length;
    const ms: Record<string, number> = { other: 0 };
    for (const role of Object.keys(roles())) ms[role] = 0;
    // Per process, so one that exited inside the phase (a closed pool connection) takes nothing away.
    for (const [pid, { role, ms: now }] of end.processes) ms[role] = (ms[role] ?? 0) + now - (start.processes.get(pid)?.ms ?? 0);
    for (const role of Object.keys(ms)) ms[role] = Math.round(ms[role]!);
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
