// The Run panel's model view, read by the real loader from the SQLite and file-store fixtures:
// the version's MLmodel found wherever the store keeps it, summarised; failures as error previews.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { MlflowStore } from '../../src/mlflow/store';
import { loadModelView, loggedModelRef, modelRefKey, versionRef } from '../../src/models/modelView';
import { openFixture } from '../fixtures/file-store/fixture';
import { openStore, runId } from '../fixtures/sqliteFixture';

const backends: [string, () => Promise<MlflowStore>][] = [
  ['SQLite store', openStore],
  ['file store', openFixture],
];

for (const [name, open] of backends) {
  describe(`model view on the ${name}`, () => {
    let store: MlflowStore;
    before(async () => {
      store = await open();
    });
    after(() => store.dispose());

    it("summarises wine-quality v2's MLmodel: signature, flavors, facts, and the run that logged it", async () => {
      const view = await loadModelView(store, versionRef({ name: 'wine-quality', version: '2' }));
      assert.equal(view.title, 'wine-quality v2');
      assert.equal(view.uri, 'models:/wine-quality/2');
      assert.equal(view.preview.kind, 'mlmodel', JSON.stringify(view.preview));
      if (view.preview.kind !== 'mlmodel') return;
      const inputs = view.preview.summary.signature?.inputs.map((c) => c.name) ?? [];
      assert.equal(inputs.length, 11);
      assert.equal(inputs.at(-1), 'alcohol');
      assert.deepEqual(view.preview.summary.flavors.map((f) => f.key).sort(), ['python_function', 'sklearn']);
      const facts = Object.fromEntries(view.preview.summary.facts.map((f) => [f.key, f.value]));
      assert.equal(facts.run_id, view.runId, 'the MLmodel names the run the registry names');
      if (name === 'SQLite store') assert.equal(view.runId, runId('train-v2'));
    });

    it('reads a logged model by its experiment and id', async () => {
      const experiments = await store.searchExperiments({ viewType: 'ACTIVE_ONLY', maxResults: 100 });
      const wine = experiments.items.find((e) => e.name === 'wine-quality');
      assert.ok(wine);
      const [logged] = await store.searchLoggedModels([wine.experimentId]);
      assert.ok(logged, 'a logged model in wine-quality');
      const view = await loadModelView(store, loggedModelRef(logged));
      assert.equal(view.uri, `models:/${logged.modelId}`);
      assert.equal(view.runId, logged.sourceRunId);
      assert.equal(view.preview.kind, 'mlmodel', JSON.stringify(view.preview));
    });

    it('a version or logged model that is not there becomes an error preview that says so', async () => {
      const version = await loadModelView(store, versionRef({ name: 'wine-quality', version: '99' }));
      assert.deepEqual(version.preview, { kind: 'error', path: 'MLmodel', message: `wine-quality version 99 is not in the registry of ${store.description.label}.` });
      const logged = await loadModelView(store, { kind: 'logged', modelId: 'm-0000', experimentId: '1' });
      assert.equal(logged.preview.kind, 'error');
      assert.match(logged.preview.kind === 'error' ? logged.preview.message : '', /m-0000 is not in/);
    });
  });
}

describe('model refs', () => {
  it('key one panel per version or logged model', () => {
    assert.equal(modelRefKey(versionRef({ name: 'wine-quality', version: '3' })), 'models:/wine-quality/3');
    assert.equal(modelRefKey(loggedModelRef({ modelId: 'm-1', experimentId: '1' })), 'models:/m-1');
  });
});
