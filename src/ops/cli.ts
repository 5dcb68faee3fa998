// Ops CLI (SPEC §4, README runbook): the dashboard's failed-sends list and replay, for the on-call
// engineer, through the same functions as the HTTP routes.
//   npm run ops -- failed-sends --restaurant <id> [--limit 50] [--cursor <c>]
//   npm run ops -- retry --restaurant <id> --message <messageId>
//   npm run ops -- rotate-credentials-key     (re-encrypts every secret under CREDENTIALS_KEY)
import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '../config';
import { closeConnections, openConnections } from '../connections';
import { createLogger } from '../logger';
import { createTemporalClient } from '../temporal/connection';
import { dispatchSettingsOf } from '../dispatch/deps';
import { createWorkHandoff } from '../dispatch/handoff';
import { Conversations } from '../temporal/conversations';
import { HttpError, notFound } from '../api/errors';
import { pageParams } from '../api/paging';
import { listFailedSends, retryFailedSend } from '../api/dashboard/failed-sends';
import type { DashboardServices } from '../api/dashboard/services';
import { credentialKeysOf } from '../tenants/credentials';
import { rotateCredentialsKey } from '../tenants/key-rotation';

const USAGE = `usage:
  npm run ops -- failed-sends --restaurant <id> [--limit <n>] [--cursor <cursor>]
  npm run ops -- retry --restaurant <id> --message <messageId>
  npm run ops -- rotate-credentials-key`;

class UsageError extends Error {}

function required(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`missing --${flag}`);
  return value;
}

function parseOptions(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        restaurant: { type: 'string' },
        message: { type: 'string' },
        limit: { type: 'string' },
        cursor: { type: 'string' },
      },
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

export async function runOps(argv: string[], out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<void> {
  const { positionals, values } = parseOptions(argv);
  const command = positionals[0];
  if (command === 'rotate-credentials-key') return rotateKey(out);
  if (command !== 'failed-sends' && command !== 'retry') throw new UsageError(command ? `unknown command ${command}` : 'no command');
  const restaurantId = required(values.restaurant, 'restaurant');

  const config = loadConfigOrExit();
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, 'ops');
  const connections = openConnections({ ...config, DATABASE_POOL_SIZE: 2 }, log);
  const { prisma } = connections;
  const temporal = createTemporalClient(config);
  const conversations = Conversations.fromConfig(temporal.client, config);
  const handoff = createWorkHandoff({ prisma, conversations, log, settings: dispatchSettingsOf(config) });
  const services: DashboardServices = { prisma, events: connections.events, log, handoff };
  try {
    const restaurant = await prisma.restaurantBot.findUnique({ where: { id: restaurantId }, select: { id: true } });
    if (!restaurant) throw notFound(`restaurant ${restaurantId} not found`);
    if (command === 'failed-sends') {
      const page = await listFailedSends(prisma, restaurantId, pageParams({ limit: values.limit, cursor: values.cursor }));
      for (const m of page.data) {
        out(
          JSON.stringify({
            id: m.id,
            conversationId: m.conversationId,
            status: m.status,
            errorCode: m.errorCode,
            errorMessage: m.errorMessage,
            sender: m.sender,
            createdAt: m.createdAt,
            body: m.body,
          }),
        );
      }
      out(page.nextCursor ? `more: --cursor ${page.nextCursor}` : `${page.data.length} failed send(s)`);
    } else {
      const messageId = required(values.message, 'message');
      const message = await retryFailedSend(services, restaurantId, messageId);
      out(`message ${message.id} queued for re-send through its conversation workflow`);
    }
  } finally {
    // The replay is recorded; the hand-over to its workflow finishes here or is the dispatcher's.
    await handoff.drain();
    await Promise.allSettled([closeConnections(connections), temporal.connection.close()]);
  }
}

/** Re-encrypts every secret; exit 1 (after the rest are done) if some decrypt with neither key. */
async function rotateKey(out: (line: string) => void): Promise<void> {
  const config = loadConfigOrExit();
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, 'ops');
  const connections = openConnections({ ...config, DATABASE_POOL_SIZE: 2 }, log);
  try {
    const report = await rotateCredentialsKey(connections.prisma, credentialKeysOf(config));
    out(`re-encrypted ${report.rotated} secret(s) under the current CREDENTIALS_KEY; ${report.alreadyCurrent} already were`);
    if (report.unreadable.length) {
      throw new Error(`${report.unreadable.length} secret(s) decrypt with neither key (restaurants ${report.unreadable.join(', ')})`);
    }
  } finally {
    await closeConnections(connections);
  }
}

if (require.main === module) {
  runOps(process.argv.slice(2)).then(
    () => process.exit(0),
    (err: unknown) => {
      if (err instanceof UsageError) process.stderr.write(`${err.message}\n${USAGE}\n`);
      else if (err instanceof HttpError) process.stderr.write(`${err.code}: ${err.message}\n`);
      else process.stderr.write(`ops failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(err instanceof UsageError ? 2 : 1);
    },
  );
}
