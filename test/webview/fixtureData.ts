/**
 * Host-side code the webview tests run in Node: the real snapshot builders on the fixture
 * SQLite store, and the real page (CSP included) the panels load. Bundled by harness.mjs.
 */
import * as path from 'node:path';
import { openSqliteStore } from '../../src/mlflow/sqlite/sqliteStore';

export { panelHtml } from '../../src/panels/html';
export { buildRunSnapshot } from '../../src/panels/run/snapshot';
export { previewArtifact } from '../../src/panels/run/artifacts';
export { loadModelView } from '../../src/models/modelView';
export { buildChartsSnapshot, fetchSeries, toSeries } from '../../src/panels/charts/snapshot';
export { buildCompareSnapshot } from '../../src/panels/compare/snapshot';
export { downsampleMetric } from '../../src/mlflow/sampling';

export function openFixtureStore(root: string) {
  return openSqliteStore(path.join(root, 'test/fixtures/sqlite-store/mlflow.db'), { workerPath: path.join(root, 'out/sqliteWorker.js') });
}
