/** Opening a RestStore against a ReplayServer, with retries fast enough for tests. */
import { openRestStore, type RestStore } from '../../src/mlflow/rest/restStore';
import type { RestStoreOptions } from '../../src/mlflow/rest/options';
import { ReplayServer } from './replayServer';

/** Run ids of the server store (they differ from the SQLite fixture's). */
export const SERVER_RUNS = {
  mlpAdam: 'e09ee4dcb31b4bb4a899f2c40ef8d6ff',
  mlpSgd: '6fc3f99e597b46ad841189f6094a8ffe',
  lrTooHigh: 'ed78abdbfa2a49e58e0089f9ad02bb3f',
  trainV2: 'd5fd0efe0e6f450992345fa4b88f7613',
  sandbox: '0b50081209b4475a8680beca0c39931d',
} as const;

export interface Replay {
  server: ReplayServer;
  store: RestStore;
  logs: string[];
  close(): Promise<void>;
}

export async function openReplay(options: Partial<RestStoreOptions> = {}): Promise<Replay> {
  const server = await ReplayServer.start();
  const logs: string[] = [];
  const store = await openRestStore({ baseUrl: server.url, retryBaseDelayMs: 5, log: (line) => logs.push(line), ...options });
  return {
    server,
    store,
    logs,
    close: async () => {
      await store.dispose();
      await server.close();
    },
  };
}

/** The error `promise` rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string; status?: number; mlflowErrorCode?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected the promise to reject');
}

/** Closes `replay`, failing when a request reached it that no recording or fault answered. */
export async function closeChecked(replay: Replay): Promise<void> {
  const unmatched = replay.server.unmatched.map((r) => `${r.method} ${r.path}?${r.query} ${r.body}`);
  await replay.close();
  if (unmatched.length > 0) throw new Error(`requests without a recording:\n${unmatched.join('\n')}`);
}
