// Temporal client connection from config: plain for the dev server, TLS / API key for Temporal
// Cloud or a self-hosted cluster. Lazy, so the API starts (and keeps accepting webhooks) while
// Temporal is down.
import { readFileSync } from 'node:fs';
import { Client, Connection, TLSConfig } from '@temporalio/client';
import type { Config } from '../config';

/** Options both the client Connection and the worker's NativeConnection accept. */
export interface TemporalConnectionOptions {
  address: string;
  tls?: TLSConfig;
  apiKey?: string;
}

export function temporalConnectionOptions(config: Config): TemporalConnectionOptions {
  const options: TemporalConnectionOptions = { address: config.TEMPORAL_ADDRESS };
  const cert = config.TEMPORAL_TLS_CERT_PATH;
  const key = config.TEMPORAL_TLS_KEY_PATH;
  if (config.TEMPORAL_TLS || cert || config.TEMPORAL_API_KEY) {
    options.tls = {
      serverRootCACertificate: config.TEMPORAL_TLS_CA_PATH ? readFileSync(config.TEMPORAL_TLS_CA_PATH) : undefined,
      clientCertPair: cert && key ? { crt: readFileSync(cert), key: readFileSync(key) } : undefined,
    };
  }
  if (config.TEMPORAL_API_KEY) options.apiKey = config.TEMPORAL_API_KEY;
  return options;
}

export function createTemporalClient(config: Config): { connection: Connection; client: Client } {
  const connection = Connection.lazy(temporalConnectionOptions(config));
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  return { connection, client };
}

/** True when the Temporal frontend answers a health check within the timeout. */
export async function temporalIsUp(connection: Connection, timeoutMs = 1500): Promise<boolean> {
  try {
    await connection.withDeadline(Date.now() + timeoutMs, () => connection.healthService.check({}));
    return true;
  } catch {
    return false;
  }
}
