// Runs the bare-Temporal baseline on the bench's Temporal server: its own task queue, its own
// worker process, the same customers and think time; an answer is the activity's post reaching
// the sink in this process, timed the same way as ours (from the client's send).
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { Supervised } from '../../chaos/processes';
import { quietLogger } from '../../chaos/stack';
import { runCustomers, type LoadShape, type Sample } from '../customers';
import { Answers } from '../answers';
import type { baselineConversation } from './workflows';

const ROOT = join(__dirname, '../../..');

export class Baseline {
  private constructor(
    private readonly sink: Server,
    private readonly answers: Answers,
    private readonly worker: Supervised,
    private readonly connection: Connection,
    private readonly taskQueue: string,
  ) {}

  /** `pollRatio`: the worker's nonStickyToStickyPollRatio (unset: the SDK's default). */
  static async start(temporalAddress: string, dir: string, logDir: string, pollRatio?: number): Promise<Baseline> {
    const answers = new Answers();
    let ready = false;
    const sink = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        if (req.url === '/ready') ready = true;
        else {
          const { customer, seq } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { customer: string; seq: number };
          answers.arrived(`${customer}#${seq}`, Date.now());
        }
        res.end('ok');
      });
    }).listen(0, '127.0.0.1');
    await once(sink, 'listening');
    const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/answer`;
    const bundle = await bundleWorkflowCode({ workflowsPath: join(__dirname, 'workflows.ts'), logger: quietLogger });
    const bundlePath = join(dir, 'baseline-workflows.js');
    writeFileSync(bundlePath, bundle.code);
    const taskQueue = `bench-baseline-${randomUUID().slice(0, 8)}`;
    const worker = new Supervised({
      name: 'baseline-worker',
      command: process.execPath,
      args: ['--import', 'tsx', join(__dirname, 'worker.ts')],
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TEMPORAL_ADDRESS: temporalAddress,
        TASK_QUEUE: taskQueue,
        BUNDLE_PATH: bundlePath,
        SINK_URL: sinkUrl,
        ...(pollRatio === undefined ? {} : { POLL_RATIO: String(pollRatio) }),
      },
      logDir,
      ready: () => Promise.resolve(ready),
      readyTimeoutMs: 120_000,
    });
    await worker.start();
    const connection = await Connection.connect({ address: temporalAddress });
    return new Baseline(sink, answers, worker, connection, taskQueue);
  }

  get workerPid(): number | undefined {
    return this.worker.pid;
  }

  async run(shape: LoadShape): Promise<Sample[]> {
    const client = new Client({ connection: this.connection });
    const run = randomUUID().slice(0, 8);
    const customerId = (customer: number) => `baseline-${run}-${customer}`;
    return runCustomers(shape, {
      send: async (customer, index) => {
        await client.workflow.signalWithStart<typeof baselineConversation, [number]>('baselineConversation', {
          workflowId: customerId(customer),
          taskQueue: this.taskQueue,
          args: [customerId(customer), shape.messages],
          signal: 'customerMessage',
          signalArgs: [index],
        });
        return true;
      },
      answer: (customer, index, timeoutMs) => this.answers.wait(`${customerId(customer)}#${index}`, timeoutMs),
    });
  }

  async stop(): Promise<void> {
    await this.worker.stop();
    await this.connection.close();
    this.sink.close();
  }
}
