// Replay of committed histories (tests/histories/<date>/*.json, recorded by the workflow tests; see
// tests/workflow/histories.ts for how to regenerate them). A workflow change that would break
// running conversations fails here before it is deployed.
import { join } from 'node:path';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { loadHistories, recordingHistories } from './histories';

const histories = recordingHistories ? [] : loadHistories();
const latestSet = histories.at(-1)?.set;
const latest = histories.filter((h) => h.set === latestSet);
const bundlePath = () => {
  const path = process.env.WORKFLOW_BUNDLE_PATH;
  if (!path) throw new Error('WORKFLOW_BUNDLE_PATH is not set: run through jest (tests/support/global-setup.ts builds it)');
  return path;
};

// While histories are being re-recorded the files are half written: nothing to replay yet.
const describeReplay = recordingHistories ? describe.skip : describe;

describeReplay('workflow replay', () => {
  test('the latest recording holds a history of every scenario', () => {
    const scenarios = new Set(latest.map((h) => h.scenario));
    expect([...scenarios].sort()).toEqual([
      'agent-follow-up-held',
      'cart-expiry',
      'continue-as-new',
      'customer-cancel',
      'delivery-order',
      'duplicate-inbound',
      'idle-completion',
      'language-remembered',
      'opt-out',
      'opted-out-fresh-run',
      'order-with-options',
      'pickup-order',
      'reorder',
      'takeover',
      'two-restaurants-grill',
      'webhook-message',
    ]);
  });

  test('the current workflow code replays every committed history without nondeterminism', async () => {
    const failures: string[] = [];
    const results = Worker.runReplayHistories(
      { workflowBundle: { codePath: bundlePath() }, replayName: 'committed-histories' },
      histories.map(({ workflowId, history }) => ({ workflowId, history })),
    );
    let replayed = 0;
    for await (const result of results) {
      replayed += 1;
      if (result.error) failures.push(`${result.workflowId}: ${result.error.name}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(histories.length);
    // ~190 histories: 30 s on an idle machine, over 60 s beside the rest of the suite on two cores.
  }, 240_000);

  describe('a non-deterministic variant of the workflow', () => {
    let brokenBundle: WorkflowBundleWithSourceMap;

    beforeAll(async () => {
      brokenBundle = await bundleWorkflowCode({
        workflowsPath: join(__dirname, 'nondeterministic', 'index.ts'),
        logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} },
      });
    }, 60_000);

    test.each(['delivery-order.run0.json', 'continue-as-new.run3.json'])(
      'fails to replay %s with a DeterminismViolationError',
      async (file) => {
        const stored = latest.find((h) => h.file === file);
        expect(stored).toBeDefined();
        await expect(
          Worker.runReplayHistory({ workflowBundle: brokenBundle, replayName: 'nondeterministic' }, stored!.history, stored!.workflowId),
        ).rejects.toThrow(DeterminismViolationError);
      },
    );
  });
});
