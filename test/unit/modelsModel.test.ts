import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LoggedModel, ModelVersion, RegisteredModel } from '../../src/mlflow/entities';
import {
  aliasUri,
  loggedModelDescription,
  loggedModelSource,
  modelDescription,
  modelTooltip,
  newestFirst,
  registeredAs,
  registryFilter,
  runFolderSource,
  versionDescription,
  versionStatus,
  versionTooltip,
  versionUri,
  withModelAliases,
} from '../../src/models/model';

const version = (v: string, extra: Partial<ModelVersion> = {}): ModelVersion => ({ name: 'wine-quality', version: v, aliases: [], tags: [], ...extra });

describe('Models view model', () => {
  it('builds the URIs MLflow loads models from', () => {
    assert.equal(versionUri('wine-quality', '3'), 'models:/wine-quality/3');
    assert.equal(aliasUri('wine-quality', 'champion'), 'models:/wine-quality@champion');
  });

  it('registers a logged model by its models:/ id and a run folder by runs:/', () => {
    const logged = { modelId: 'm-1', sourceRunId: 'r1' } as LoggedModel;
    assert.deepEqual(loggedModelSource(logged), { source: 'models:/m-1', runId: 'r1', modelId: 'm-1' });
    assert.deepEqual(runFolderSource('r1', 'model/'), { source: 'runs:/r1/model', runId: 'r1' });
  });

  it('orders versions numerically, newest first (10 after 9, not after 1)', () => {
    assert.deepEqual(newestFirst([version('1'), version('10'), version('9'), version('2')]).map((v) => v.version), ['10', '9', '2', '1']);
  });

  it("adds the model's aliases to versions searched without them", () => {
    const model: RegisteredModel = { name: 'wine-quality', aliases: [{ alias: 'champion', version: '2' }, { alias: 'challenger', version: '3' }], tags: [], latestVersions: [] };
    const merged = withModelAliases([version('3'), version('2', { aliases: ['champion'] }), version('1')], model);
    assert.deepEqual(merged.map((v) => v.aliases), [['challenger'], ['champion'], []]);
  });

  it('turns a typed name into a case-insensitive substring filter and passes real filters through', () => {
    assert.equal(registryFilter(''), undefined);
    assert.equal(registryFilter('  wine '), "name ILIKE '%wine%'");
    assert.equal(registryFilter("bob's"), `name ILIKE "%bob's%"`);
    assert.equal(registryFilter("tags.task = 'regression'"), "tags.task = 'regression'");
    assert.equal(registryFilter("name LIKE 'wine%'"), "name LIKE 'wine%'");
  });

  it('describes a version by its aliases, its stage unless None, and its status unless ready', () => {
    assert.equal(versionDescription(version('3', { aliases: ['challenger'], currentStage: 'Staging', status: 'READY' })), '@challenger · Staging');
    assert.equal(versionDescription(version('1', { currentStage: 'None', status: 'READY' })), '');
    assert.equal(versionDescription(version('4', { status: 'PENDING_REGISTRATION' })), 'pending');
    assert.equal(versionStatus('FAILED_REGISTRATION').icon, 'error');
  });

  it('describes a model by its latest version and its aliases, sorted', () => {
    const model: RegisteredModel = {
      name: 'wine-quality',
      aliases: [{ alias: 'champion', version: '2' }, { alias: 'challenger', version: '3' }],
      tags: [{ key: 'task', value: 'regression' }],
      latestVersions: [version('1'), version('3'), version('2')],
      description: 'ElasticNet',
    };
    assert.equal(modelDescription(model), 'v3 · @challenger→3 · @champion→2');
    const tooltip = modelTooltip(model);
    assert.equal(tooltip.description, 'ElasticNet');
    assert.deepEqual(tooltip.tags, [['task', 'regression']]);
    assert.ok(tooltip.facts.some(([k, v]) => k === 'Aliases' && v === '@champion → v2, @challenger → v3'));
  });

  it('puts source run, stage deprecation, description and own tags in a version tooltip', () => {
    const tooltip = versionTooltip(
      version('2', { runId: 'r1', currentStage: 'Production', description: 'best', tags: [{ key: 'validated', value: 'true' }, { key: 'mlflow.x', value: 'y' }] }),
    );
    const facts = Object.fromEntries(tooltip.facts);
    assert.equal(facts['Source run'], 'r1');
    assert.match(facts.Stage, /Production \(stages are deprecated/);
    assert.equal(facts.URI, 'models:/wine-quality/2');
    assert.equal(tooltip.description, 'best');
    assert.deepEqual(tooltip.tags, [['validated', 'true']]);
  });

  it('summarises a logged model by status and first metrics, and reads where it was registered', () => {
    const model: LoggedModel = {
      modelId: 'm-1',
      experimentId: '1',
      name: 'model',
      artifactLocation: '/x',
      creationTimestamp: 0,
      lastUpdatedTimestamp: 0,
      status: 'FAILED',
      lifecycleStage: 'active',
      params: [],
      metrics: [
        { key: 'rmse', value: 0.7221995496295961, timestamp: 0, step: 0 },
        { key: 'mae', value: 0.5, timestamp: 0, step: 0 },
        { key: 'r2', value: 0.3, timestamp: 0, step: 0 },
      ],
      tags: [{ key: 'mlflow.modelVersions', value: '[{"name": "wine-quality", "version": 1}]' }],
    };
    assert.equal(loggedModelDescription(model), 'failed · mae=0.5 · r2=0.3');
    assert.deepEqual(registeredAs(model), ['wine-quality v1']);
    assert.deepEqual(registeredAs({ ...model, tags: [{ key: 'mlflow.modelVersions', value: 'not json' }] }), []);
    // As MLflow 3.11 records it: the client's entry (a number) and the server's (a string) for one version.
    const twice = '[{"name": "wine-quality", "version": 3}, {"name": "wine-quality", "version": "3"}, {"name": "wine-quality", "version": "4"}]';
    assert.deepEqual(registeredAs({ ...model, tags: [{ key: 'mlflow.modelVersions', value: twice }] }), ['wine-quality v3', 'wine-quality v4']);
  });
});
