// Child processes of the chaos suite: spawned, logged to files, stopped or `kill -9`ed by their own
// pid, and (for the API and worker) restarted when they die unasked — as a process manager would.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Every child this suite started, so an interrupted run still stops them (by pid, nothing broader). */
const children = new Set<ChildProcess>();
const exitHooks: (() => void)[] = [];
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null && child.pid) child.kill('SIGKILL');
  for (const hook of exitHooks) hook();
});

/** Runs `hook` (synchronously) when this process exits, however it exits. */
export function onExit(hook: () => void): void {
  exitHooks.push(hook);
}

export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Polls `check` until it is true; throws naming `what` after `timeoutMs`. */
export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number, everyMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what}: not ready within ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}

export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  logDir: string;
  /** Resolves true once the process serves. */
  ready: () => Promise<boolean>;
  readyTimeoutMs?: number;
  /** Start it again when it exits unasked (the API and worker). */
  restartOnExit?: boolean;
}

/** One supervised child: start, stop (SIGTERM), kill (SIGKILL), restart; counts unasked exits. */
export class Supervised {
  private child: ChildProcess | null = null;
  private expectedExit = false;
  private restarts = 0;
  /** Exits nobody asked for (a crash), with their code or signal. */
  readonly crashes: string[] = [];

  constructor(readonly spec: ProcessSpec) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    const { spec } = this;
    this.expectedExit = false;
    const log = createWriteStream(join(spec.logDir, `${spec.name}.log`), { flags: 'a' });
    const child = spawn(spec.command, spec.args, { cwd: spec.cwd, env: spec.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    this.child = child;
    let ready = false;
    child.on('exit', (code, signal) => {
      children.delete(child);
      log.end(`\n[chaos] ${spec.name} exited: ${signal ?? code}\n`);
      if (this.child !== child || this.expectedExit || !ready) return;
      this.crashes.push(`${spec.name} pid ${child.pid} exited unasked (${signal ?? `code ${code}`})`);
      if (spec.restartOnExit && this.restarts < 30) {
        this.restarts += 1;
        void sleep(1000).then(() => (this.child === child ? this.start().catch(() => undefined) : undefined));
      }
    });
    await waitUntil(
      spec.name,
      async () => {
        if (child.exitCode !== null) throw new Error(`${spec.name} exited while starting; see ${spec.logDir}/${spec.name}.log`);
        return spec.ready();
      },
      spec.readyTimeoutMs ?? 60_000,
    );
    ready = true;
  }

  /** SIGTERM (graceful), SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    await this.signal('SIGTERM', graceMs);
  }

  /** `kill -9`: no goodbye, the way a node dies. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL', 5000);
  }

  private async signal(signal: NodeJS.Signals, graceMs: number): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    this.expectedExit = true;
    const exited = once(child, 'exit');
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }
}
