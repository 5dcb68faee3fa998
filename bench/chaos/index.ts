// `npm run chaos` — the fault suite behind "every customer message is answered once, in order, and
// nothing a 2xx acknowledged is lost" (issue 9). Not part of `npm test`.
//
//   npm run chaos                           every scenario, full size (about 15 min)
//   npm run chaos -- --smoke                every scenario, small (what .ci/run runs)
//   npm run chaos -- worker-kill fuzz       only these (names: see --list)
//   --seed N                                fault and fuzz seed (default 9)
//   --markdown FILE                         also write the figures as a Markdown table
//   --keep                                  keep the stack's temp dir (logs of every process)
//
// It starts its own stack (see stack.ts) and exits non-zero when any scenario shows a duplicate,
// a loss, a reply out of order, or (fuzz) a 5xx, a crash or a refused request that left a trace.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { SCENARIOS, type Scenario } from './scenarios';
import { ChaosStack } from './stack';
import type { Figures } from './verify';

interface Args {
  smoke: boolean;
  names: string[];
  seed: number;
  markdown?: string;
  keep: boolean;
  list: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { smoke: false, names: [], seed: 9, keep: false, list: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--smoke') args.smoke = true;
    else if (arg === '--keep') args.keep = true;
    else if (arg === '--list') args.list = true;
    else if (arg === '--seed') args.seed = Number(argv[++i]);
    else if (arg === '--markdown') args.markdown = argv[++i];
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else args.names.push(arg);
  }
  const unknown = args.names.filter((n) => !SCENARIOS.some((s) => s.name === n));
  if (unknown.length) throw new Error(`unknown scenario(s) ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  return args;
}

const log = (line: string) => process.stdout.write(`${line}\n`);

const failed = (f: Figures) => f.duplicated > 0 || f.lost > 0 || f.outOfOrder > 0 || f.violations > 0;

function printFigures(name: string, f: Figures): void {
  log(
    `  ${name}: sent ${f.sent} (posts ${f.posts}, acked ${f.acked}) / stored ${f.stored} / answered ${f.answered} / ` +
      `duplicated ${f.duplicated} / lost ${f.lost} / out-of-order ${f.outOfOrder}` +
      (f.violations ? ` / violations ${f.violations}` : '') +
      ` — Twilio got ${f.twilioMessages}, outbound rows ${f.outboundRows}, ${f.seconds} s ${failed(f) ? 'FAIL' : 'ok'}`,
  );
  for (const note of f.notes) log(`    note: ${note}`);
  for (const line of f.evidence) log(`    ${line}`);
}

function markdown(args: Args, results: { scenario: Scenario; figures: Figures | null; error?: string }[], seconds: number): string {
  const git = (...gitArgs: string[]) => {
    try {
      return execFileSync('git', gitArgs, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return '';
    }
  };
  const commit = process.env.CHAOS_COMMIT ?? (git('rev-parse', '--short', 'HEAD') || 'unknown');
  const dirty = git('status', '--porcelain', '--', 'src') ? ' (with uncommitted changes in src/)' : '';
  const rows = results.map(({ scenario, figures, error }) =>
    figures
      ? `| ${scenario.name} | ${scenario.describe(args.smoke)} | ${figures.sent} | ${figures.stored} | ${figures.answered} | ${figures.duplicated} | ${figures.lost} | ${figures.outOfOrder} | ${figures.twilioMessages} / ${figures.outboundRows} | ${figures.seconds} s |`
      : `| ${scenario.name} | ${scenario.describe(args.smoke)} | error: ${(error ?? '').replace(/\s+/g, ' ').slice(-160)} | | | | | | | |`,
  );
  return [
    `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, commit ${commit}${dirty}, ${args.smoke ? '--smoke' : 'full run'}, seed ${args.seed}, ${seconds} s in all.`,
    '',
    '| scenario | what | sent | stored | answered | duplicated | lost | out of order | at Twilio / outbound rows | time |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
  ].join('\n');
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const chosen = args.names.length ? SCENARIOS.filter((s) => args.names.includes(s.name)) : SCENARIOS;
  if (args.list) {
    for (const s of SCENARIOS) log(`${s.name.padEnd(18)} ${s.describe(false)}`);
    return 0;
  }
  const started = Date.now();
  log(`chaos ${args.smoke ? '--smoke' : 'full run'}: ${chosen.map((s) => s.name).join(', ')}`);
  const stack = await ChaosStack.start(log);
  const results: { scenario: Scenario; figures: Figures | null; error?: string }[] = [];
  printPartial = () => log(`\ninterrupted; figures so far:\n${markdown(args, results, Math.round((Date.now() - started) / 1000))}`);
  const run = async (scenario: Scenario, prefix = ''): Promise<void> => {
    const say = (line: string) => log(line.replace(/^(\n?)/, `$1${prefix}`));
    say(`\n== ${scenario.name}: ${scenario.describe(args.smoke)}`);
    try {
      const figures = await scenario.run({ stack, smoke: args.smoke, seed: args.seed, log: say });
      results.push({ scenario, figures });
      printFigures(scenario.name, figures);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      results.push({ scenario, figures: null, error: message });
      log(`  ${scenario.name}: ERROR ${message}`);
    }
  };
  try {
    // The long, mostly waiting scenario runs alongside the calm ones and then the disruptive ones
    // run alone; the smoke, to stay short, runs it alongside all the others.
    const background = Promise.all(chosen.filter((s) => s.kind === 'background').map((s) => run(s, `[${s.name}] `)));
    for (const scenario of chosen.filter((s) => s.kind === 'calm')) await run(scenario);
    if (!args.smoke) await background;
    for (const scenario of chosen.filter((s) => s.kind === 'disruptive')) await run(scenario);
    await background;
    results.sort((a, b) => SCENARIOS.indexOf(a.scenario) - SCENARIOS.indexOf(b.scenario));
  } finally {
    await stack.stop(args.keep || results.some((r) => !r.figures || failed(r.figures)));
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  log(`\n${markdown(args, results, seconds)}`);
  if (args.markdown) writeFileSync(args.markdown, markdown(args, results, seconds));
  const bad = results.filter((r) => !r.figures || failed(r.figures));
  log(
    bad.length
      ? `chaos: ${bad.length} scenario(s) failed: ${bad.map((r) => r.scenario.name).join(', ')} (logs kept in ${stack.root})`
      : 'chaos: every scenario held',
  );
  return bad.length ? 1 : 0;
}

// Ctrl-C or SIGTERM: print what was measured, then exit through process.on('exit'), which stops
// every child and the throwaway cluster.
/** Prints the figures so far, once main() has results to print. */
let printPartial: (() => void) | null = null;
const interrupted = (code: number) => {
  printPartial?.();
  process.exit(code);
};
process.on('SIGINT', () => interrupted(130));
process.on('SIGTERM', () => interrupted(143));

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`chaos failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(2);
  },
);
