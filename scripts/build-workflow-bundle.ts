// `npm run build` step: prebuilds the workflow bundle so production workers start fast and run
// exactly the code that was tested (WORKFLOW_BUNDLE_PATH=dist/workflow-bundle.js).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

async function main(): Promise<void> {
  const root = join(__dirname, '..');
  const { code } = await bundleWorkflowCode({ workflowsPath: join(root, 'src/workflows/index.ts') });
  mkdirSync(join(root, 'dist'), { recursive: true });
  const out = join(root, 'dist/workflow-bundle.js');
  writeFileSync(out, code);
  process.stdout.write(`workflow bundle written to ${out} (${Math.round(code.length / 1024)} KiB)\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bundle failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
