/** The Compare panel's snapshot: each run's params, latest metrics and tags as maps. */
import type { CompareSnapshot } from '../../../webview/shared/protocol';
import type { MlflowStore } from '../../mlflow/store';
import { runRef } from '../run/snapshot';

export async function buildCompareSnapshot(store: MlflowStore, runIds: string[]): Promise<CompareSnapshot> {
  const runs = await Promise.all(runIds.map((id) => store.getRun(id)));
  return {
    runs: runs.map((run) => ({
      ...runRef(run),
      params: Object.fromEntries(run.data.params.map((p) => [p.key, p.value])),
      metrics: Object.fromEntries(run.data.metrics.map((m) => [m.key, m.value])),
      tags: Object.fromEntries(run.data.tags.map((t) => [t.key, t.value])),
    })),
  };
}
