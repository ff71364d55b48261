// Running MLflow Project entry points as `mlflow` tasks in the real VS Code: directly (no mlflow
// CLI) with the values and environment checked in what the script recorded, through a stand-in
// `mlflow` on PATH that records its argv and environment, refusals, and cancelling.
import * as assert from 'node:assert/strict';
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExperimentNode, ExperimentsNode, RunNode } from '../../../src/experiments/tree';
import { terminateTask } from '../../../src/projects/terminate';
import { jsonAnswer } from '../../support/faults';
import { ReplayServer, type ReceivedRequest } from '../../support/replayServer';
import { api, eventually, label, nextEvent, settled } from './workbench';

const FIXTURES = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'projects');
const REST_FIXTURES = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'rest');
const HOSTILE = `'; rm -rf ~ # "$HOME" \`id\` ünï ✓\nline two`;

function copyProject(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mlflow-project-'));
  cpSync(path.join(FIXTURES, 'recorder'), dir, { recursive: true });
  return dir;
}

/** PATH without any folder holding an `mlflow`, plus `extra` first; restored by the returned function. */
function usePath(extra?: string): () => void {
  const saved = process.env.PATH;
  const kept = (saved ?? '').split(path.delimiter).filter((dir) => dir && !existsSync(path.join(dir, 'mlflow')));
  process.env.PATH = [...(extra ? [extra] : []), ...kept].join(path.delimiter);
  return () => (process.env.PATH = saved);
}

async function usePython(python: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('mlflow').update('pythonPath', python, vscode.ConfigurationTarget.Global);
}

function processEnd(execution: vscode.TaskExecution): Promise<number | undefined> {
  return new Promise((resolve) => {
    const subscription = vscode.tasks.onDidEndTaskProcess((event) => {
      if (event.execution === execution) {
        subscription.dispose();
        resolve(event.exitCode);
      }
    });
  });
}

function taskEnd(execution: vscode.TaskExecution): Promise<void> {
  return new Promise((resolve) => {
    const subscription = vscode.tasks.onDidEndTask((event) => {
      if (event.execution === execution) {
        subscription.dispose();
        resolve();
      }
    });
  });
}

function nulSeparated(file: string): string[] {
  return readFileSync(file, 'utf8').split('\0').slice(0, -1);
}

/** Resolves once `check` holds, re-checking on a short interval (a process's end has no event here). */
async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

suite('Projects: running entry points', () => {
  let restorePath: () => void = () => undefined;
  setup(() => usePython(path.join(tmpdir(), 'no-such-python')));
  teardown(async () => {
    restorePath();
    await usePython(undefined);
  });

  test('without the mlflow CLI the command runs directly: substituted values stay literal, the run gets the store', async () => {
    const wb = await api();
    restorePath = usePath();
    const dir = copyProject();
    const started = new Promise<vscode.TaskProcessStartEvent>((resolve) => {
      const subscription = vscode.tasks.onDidStartTaskProcess((event) => {
        subscription.dispose();
        resolve(event);
      });
    });
    const execution = await wb.projects.runner.run({ project: dir, entryPoint: 'main', parameters: { greeting: HOSTILE, 'extra.key': 'x y' }, experiment: 'projects-test' });
    assert.ok(execution, 'no task started');
    assert.equal((await started).execution.task.definition.entryPoint, 'main');
    assert.equal(await processEnd(execution), 0);
    assert.deepEqual(nulSeparated(path.join(dir, 'args.bin')), [HOSTILE, '2', path.join(dir, 'input.txt'), '--extra.key', 'x y']);
    const env = readFileSync(path.join(dir, 'env.txt'), 'utf8');
    const state = wb.connection.state;
    assert.equal(state.kind, 'connected');
    const store = state.kind === 'connected' && state.target.kind === 'sqlite' ? state.target.path : '';
    assert.ok(store.endsWith('mlflow.db'), store);
    assert.match(env, new RegExp(`^cwd=${escape(dir)}$`, 'm'));
    assert.ok(env.includes(`MLFLOW_TRACKING_URI=sqlite:///${store}\n`), env);
    assert.ok(env.includes('MLFLOW_EXPERIMENT_NAME=projects-test\n'), env);
  });

  test('with mlflow on PATH: mlflow run with -P pairs, the experiment, the env manager and the tracking environment', async () => {
    const wb = await api();
    restorePath = usePath(path.join(FIXTURES, 'bin'));
    const dir = copyProject();
    const execution = await wb.projects.runner.run({ project: dir, entryPoint: 'main', parameters: { greeting: HOSTILE, count: '5' }, experiment: 'new experiment' });
    assert.ok(execution);
    assert.equal(await processEnd(execution), 0);
    assert.deepEqual(nulSeparated(path.join(dir, 'mlflow-argv.bin')), [
      'run', dir, '-e', 'main', '-P', `greeting=${HOSTILE}`, '-P', 'count=5', '--experiment-name', 'new experiment', '--env-manager', 'local',
    ]);
    const env = readFileSync(path.join(dir, 'mlflow-env.txt'), 'utf8');
    assert.match(env, /^MLFLOW_TRACKING_URI=sqlite:\/\/\/\/.*mlflow\.db$/m);
    assert.match(env, /^MLFLOW_EXPERIMENT_NAME=new experiment$/m);
  });

  test('a definition that cannot run explains why in its terminal and never starts a process', async () => {
    const wb = await api();
    restorePath = usePath();
    const dir = copyProject();
    const task = await wb.projects.tasks.build({ type: 'mlflow', project: dir, entryPoint: 'required' });
    assert.ok(task.execution instanceof vscode.CustomExecution, 'a process execution for a run missing its required value');
    assert.equal(task.mode, undefined);
    const unknown = await wb.projects.tasks.build({ type: 'mlflow', project: dir, entryPoint: 'nope' });
    assert.ok(unknown.execution instanceof vscode.CustomExecution);
    const execution = await vscode.tasks.executeTask(task);
    await taskEnd(execution);
    assert.equal(existsSync(path.join(dir, 'args.bin')), false);
  });

  test('tasks.json definitions resolve, and the workspace project is offered as tasks', async () => {
    const wb = await api();
    restorePath = usePath();
    const tasks = await vscode.tasks.fetchTasks({ type: 'mlflow' });
    assert.deepEqual(tasks.map((task) => task.name).sort(), ['wine-quality: main', 'wine-quality: shell_step', 'wine-quality: validate']);
    const built = await wb.projects.tasks.build({ type: 'mlflow', project: '.', entryPoint: 'shell_step' }, vscode.workspace.workspaceFolders?.[0]);
    assert.equal(built.mode, 'direct');
    assert.ok(built.execution instanceof vscode.ProcessExecution);
    assert.deepEqual(built.execution.args, ['-c', 'echo running a plain shell entry point']);
  });

  test('cancelling the task ends the entry point and the processes it started', async () => {
    const wb = await api();
    restorePath = usePath();
    const dir = copyProject();
    const execution = await wb.projects.runner.run({ project: dir, entryPoint: 'wait', parameters: {}, experiment: '' });
    assert.ok(execution);
    const pidFile = path.join(dir, 'child.pid');
    await until(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').endsWith('\n'), 'the entry point to start its child');
    const child = Number(readFileSync(pidFile, 'utf8'));
    assert.ok(alive(child));
    assert.ok(await terminateTask(execution), 'the task process ended');
    await until(() => !alive(child), `child ${child} to end`);
    assert.equal(existsSync(path.join(dir, 'finished.txt')), false);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

suite('Projects: following the run', () => {
  let dir = '';
  let restorePath: () => void = () => undefined;
  /** A copy of the recorder project beside a copy of the workspace store, which becomes the active store. */
  setup(async () => {
    const wb = await api();
    restorePath = usePath();
    await usePython(path.join(tmpdir(), 'no-such-python'));
    dir = copyProject();
    const db = path.join(dir, 'mlflow.db');
    copyFileSync(path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'mlflow.db'), db);
    await settled(wb, () => vscode.workspace.getConfiguration('mlflow').update('trackingUri', `sqlite:///${db}`, vscode.ConfigurationTarget.Global));
  });
  teardown(async () => {
    const wb = await api();
    writeFileSync(path.join(dir, 'go'), ''); // a `follow` run left waiting ends
    await settled(wb, () => vscode.workspace.getConfiguration('mlflow').update('trackingUri', undefined, vscode.ConfigurationTarget.Global));
    await usePython(undefined);
    restorePath();
  });

  test('when the task ends, the run it logged to the active store is found (and offered to open)', async () => {
    const wb = await api();
    const runId = 'feedc0defeedc0defeedc0defeedc0de';
    const finished = nextEvent(wb.projects.follower.onDidFinishRun);
    const execution = await wb.projects.runner.run({ project: dir, entryPoint: 'log', parameters: { run_id: runId }, experiment: 'wine-quality' });
    const event = await finished;
    assert.equal(event.execution, execution);
    assert.equal(event.exitCode, 0);
    assert.equal(event.runId, runId);
  });

  test('when the run starts, the Experiments view reveals and selects it in its new experiment, shows it running, then finished', async () => {
    const wb = await api();
    const view = wb.experimentsView;
    const experiment = `followed ${path.basename(dir)}`;
    const started = nextEvent(wb.projects.follower.onDidStartRun);
    const finished = nextEvent(wb.projects.follower.onDidFinishRun);
    const selected = eventually(
      view.onDidChangeSelection,
      () => view.selection.find((node): node is RunNode => node.kind === 'run' && node.run.info.runName === 'followed-run' && node.run.info.experimentId !== '0'),
      'the started run to be selected in the Experiments view',
    );
    const execution = await wb.projects.runner.run({ project: dir, entryPoint: 'follow', parameters: { run_name: 'followed-run' }, experiment });
    assert.ok(execution, 'no task started');

    const start = await started;
    assert.equal(start.execution, execution);
    const node = await selected;
    assert.equal(node.run.info.runId, start.runId);
    assert.equal(node.run.info.status, 'RUNNING');
    assert.equal(wb.experiments.getTreeItem(node).contextValue, 'run.running.active');
    assert.equal((wb.experiments.getTreeItem(node).iconPath as vscode.ThemeIcon).id, 'sync~spin');
    const parent = wb.experiments.getParent(node);
    assert.equal(parent && label(wb, parent), experiment);
    assert.equal(view.visible, true);

    const shownFinished = eventually(
      wb.experiments.onDidChangeTreeData,
      async () => {
        const found = await wb.experiments.findRun(start.experimentId, start.runId);
        return found.node?.run.info.status === 'FINISHED' ? found.node : undefined;
      },
      'the followed run to show FINISHED',
    );
    writeFileSync(path.join(dir, 'go'), '');
    const done = await shownFinished;
    assert.equal(wb.experiments.getTreeItem(done).contextValue, 'run.finished.active');
    const end = await finished;
    assert.equal(end.execution, execution);
    assert.equal(end.exitCode, 0);
    assert.equal(end.runId, start.runId);
    assert.equal(readFileSync(path.join(dir, 'run_id.txt'), 'utf8').trim(), start.runId);
  });
});

suite('Projects: following the run on a tracking server', () => {
  let server: ReplayServer;
  let dir = '';
  let restorePath: () => void = () => undefined;
  const runs = () => vscode.workspace.getConfiguration('mlflow.runs');
  setup(async () => {
    const wb = await api();
    restorePath = usePath();
    await usePython(path.join(tmpdir(), 'no-such-python'));
    await runs().update('refreshInterval', 1, vscode.ConfigurationTarget.Global);
    dir = copyProject();
    server = await ReplayServer.start();
    server.alias({ method: 'POST', path: '/api/2.0/mlflow/experiments/search', body: { max_results: 1000 } }, '004-experiments-search-basic.json');
    await settled(wb, () => vscode.workspace.getConfiguration('mlflow').update('trackingUri', server.url, vscode.ConfigurationTarget.Global));
  });
  teardown(async () => {
    const wb = await api();
    writeFileSync(path.join(dir, 'go'), '');
    await settled(wb, () => vscode.workspace.getConfiguration('mlflow').update('trackingUri', undefined, vscode.ConfigurationTarget.Global));
    await runs().update('refreshInterval', undefined, vscode.ConfigurationTarget.Global);
    await usePython(undefined);
    restorePath();
    await server.close();
  });

  /**
   * Starts `until_go` logging to `experiment`; resolves once its process runs, when the follower
   * watches for its run (the follower's listener is older than this one), as the training would
   * log its run only after it started.
   */
  async function startTask(experiment: string): Promise<vscode.TaskExecution> {
    const wb = await api();
    const processStarted = nextEvent(vscode.tasks.onDidStartTaskProcess);
    const execution = await wb.projects.runner.run({ project: dir, entryPoint: 'until_go', parameters: {}, experiment });
    assert.ok(execution, 'no task started');
    assert.equal((await processStarted).execution, execution);
    return execution;
  }

  /** The server's runs of `experimentId`: none until the test logs the training's run (as it would, through MLflow). */
  function serveRuns(experimentId: string, runId: string) {
    const served: { run?: Record<string, unknown> } = {};
    const searches: ReceivedRequest[] = [];
    server.inject('POST', '/api/2.0/mlflow/runs/search', (request, response) => {
      searches.push(request);
      const body = request.json as { experiment_ids?: string[] };
      jsonAnswer(200, { runs: served.run && body.experiment_ids?.includes(experimentId) ? [served.run] : [] })(request, response);
    }, 1_000_000, 'runs of the followed task');
    return {
      searches,
      log(status: string, endTime?: number) {
        served.run = {
          info: { run_id: runId, run_uuid: runId, experiment_id: experimentId, run_name: 'served-run', user_id: 'tester', status, start_time: Date.now(), end_time: endTime, artifact_uri: `mlflow-artifacts:/${experimentId}/artifacts`, lifecycle_stage: 'active' },
          data: { tags: [{ key: 'mlflow.runName', value: 'served-run' }] },
        };
      },
    };
  }

  /** What the view shows under an experiment, without its "Logged models". */
  async function runLabels(experiment: ExperimentNode): Promise<string[]> {
    const wb = await api();
    return (await wb.experiments.getChildren(experiment)).filter((child) => child.kind !== 'loggedModels').map((child) => label(wb, child));
  }

  function selectedRun(view: vscode.TreeView<ExperimentsNode>, runId: string): Promise<RunNode> {
    return eventually(
      view.onDidChangeSelection,
      () => view.selection.find((node): node is RunNode => node.kind === 'run' && node.run.info.runId === runId),
      'the run to be selected in the Experiments view',
    );
  }

  test('the run is found by polling at mlflow.runs.refreshInterval, revealed, and refreshed until it finishes', async () => {
    const wb = await api();
    assert.equal(wb.connection.state.kind === 'connected' && wb.connection.state.store.description.kind, 'rest');
    const runId = 'f011030a11ve0000f011030a11ve0000';
    const served = serveRuns('1', runId);
    const view = wb.experimentsView;
    const started = nextEvent(wb.projects.follower.onDidStartRun);
    const finished = nextEvent(wb.projects.follower.onDidFinishRun);
    const selected = selectedRun(view, runId);
    const execution = await startTask('wine-quality');
    const lookups = () => served.searches.filter((request) => (request.json as { max_results?: number }).max_results === 1);
    served.log('RUNNING');

    const start = await started;
    assert.deepEqual({ runId: start.runId, experimentId: start.experimentId }, { runId, experimentId: '1' });
    const node = await selected;
    assert.equal(node.run.info.status, 'RUNNING');
    const polls = lookups().map((request) => request.at);
    assert.ok(polls.length > 0);

    served.log('FINISHED', Date.now());
    await eventually(
      wb.experiments.onDidChangeTreeData,
      async () => ((await wb.experiments.findRun('1', runId)).node?.run.info.status === 'FINISHED' ? true : undefined),
      'the run to show FINISHED after a refresh',
    );
    writeFileSync(path.join(dir, 'go'), '');
    const end = await finished;
    assert.equal(end.execution, execution);
    assert.equal(end.runId, runId);
    assert.equal(lookups().length, polls.length, 'the server was asked for the run again after it was found');
  });

  test('the run is revealed in an experiment the user had already expanded (its runs loaded before the run existed)', async () => {
    const wb = await api();
    const runId = 'f011030a11ve0000f011030a11ve0001';
    const runs = serveRuns('1', runId);
    const view = wb.experimentsView;
    const wine = (await wb.experiments.getChildren()).find((node): node is ExperimentNode => node.kind === 'experiment' && node.experiment.name === 'wine-quality');
    assert.ok(wine, 'the server lists wine-quality');
    await view.reveal(wine, { expand: true, focus: false, select: false });
    assert.deepEqual(await runLabels(wine), ['No runs in this experiment']);
    assert.ok(wb.experiments.runList('1').isLoaded);

    const selected = selectedRun(view, runId);
    await startTask('wine-quality');
    runs.log('RUNNING');
    const node = await selected;
    assert.equal(node.run.info.status, 'RUNNING');
    const parent = wb.experiments.getParent(node);
    assert.equal(parent && label(wb, parent), 'wine-quality');
    // The view shows the fresh list, not the empty one it had loaded.
    assert.deepEqual(await runLabels(wine), ['served-run']);
  });

  test('the run is revealed in the experiment the task created after the view listed the experiments', async () => {
    const wb = await api();
    const runId = 'f011030a11ve0000f011030a11ve0002';
    const recorded = JSON.parse(readFileSync(path.join(REST_FIXTURES, '004-experiments-search-basic.json'), 'utf8')) as { response: { body: { experiments: Record<string, unknown>[] } } };
    let created = false;
    const fresh = { experiment_id: '77', name: 'served new', artifact_location: 'mlflow-artifacts:/77', lifecycle_stage: 'active', creation_time: Date.now(), last_update_time: Date.now() };
    server.inject('POST', '/api/2.0/mlflow/experiments/search', (request, response) => {
      jsonAnswer(200, { experiments: [...(created ? [fresh] : []), ...recorded.response.body.experiments] })(request, response);
    }, 1_000_000, 'experiments, then the one the task created');
    const before = await wb.experiments.getChildren();
    assert.ok(before.some((node) => node.kind === 'experiment' && node.experiment.name === 'wine-quality'));
    assert.ok(!before.some((node) => node.kind === 'experiment' && node.experiment.experimentId === '77'));
    const runs = serveRuns('77', runId);

    const view = wb.experimentsView;
    const selected = selectedRun(view, runId);
    await startTask('served new');
    created = true;
    runs.log('RUNNING');
    const node = await selected;
    const parent = wb.experiments.getParent(node);
    assert.equal(parent && label(wb, parent), 'served new');
    assert.ok((await wb.experiments.getChildren()).some((child) => child.kind === 'experiment' && child.experiment.experimentId === '77'));
  });

  test('a change of mlflow.runs.refreshInterval while the task runs applies at once (0 → 1: polling starts)', async () => {
    const wb = await api();
    await runs().update('refreshInterval', 0, vscode.ConfigurationTarget.Global);
    const runId = 'f011030a11ve0000f011030a11ve0003';
    const served = serveRuns('1', runId);
    const view = wb.experimentsView;
    const started = nextEvent(wb.projects.follower.onDidStartRun);
    const selected = selectedRun(view, runId);
    // With the interval 0, the follower watching the task does not poll.
    await startTask('wine-quality');
    served.log('RUNNING');
    await runs().update('refreshInterval', 1, vscode.ConfigurationTarget.Global);
    const node = await selected;
    assert.equal((await started).runId, runId);
    assert.equal(node.run.info.runId, runId);
  });
});

suite('Projects: view and CodeLens', () => {
  const MLPROJECT = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'MLproject');

  test('the view lists the workspace MLproject and its entry points, parameters and defaults in the tooltip', async () => {
    const wb = await api();
    const [project, ...others] = await wb.projects.tree.getChildren();
    assert.equal(others.length, 0);
    assert.equal(wb.projects.tree.getTreeItem(project).label, 'wine-quality-project');
    const entries = await wb.projects.tree.getChildren(project);
    assert.deepEqual(entries.map((node) => wb.projects.tree.getTreeItem(node).label), ['main', 'validate', 'shell_step']);
    const main = wb.projects.tree.getTreeItem(entries[0]);
    assert.equal(main.description, 'alpha, l1_ratio, max_iter, model_name, data_path');
    assert.equal(main.contextValue, 'entryPoint');
    const tooltip = (main.tooltip as vscode.MarkdownString).value;
    assert.match(tooltip, /\| alpha \| float \| 0\\\.5 \|/);
    assert.match(tooltip, /\| data\\_path \| path \| data\/wine\\-sample\\\.csv \|/);
    const validate = (wb.projects.tree.getTreeItem(entries[1]).tooltip as vscode.MarkdownString).value;
    assert.match(validate, /\| data\\_path \| path \| \*required\* \|/);
  });

  test('Run and Run with parameters… above each entry point, aimed at that entry point', async () => {
    const document = await vscode.workspace.openTextDocument(MLPROJECT());
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
    const ours = lenses.filter((lens) => lens.command?.command.startsWith('mlflow.projects.'));
    const seen = ours.map((lens) => [document.lineAt(lens.range.start.line).text.trim(), lens.command!.title, lens.command!.command, lens.command!.arguments?.[0]?.entryPoint]);
    assert.deepEqual(seen, [
      ['main:', '$(play) Run', 'mlflow.projects.runWithDefaults', 'main'],
      ['main:', 'Run with parameters…', 'mlflow.projects.run', 'main'],
      ['validate:', '$(play) Run', 'mlflow.projects.runWithDefaults', 'validate'],
      ['validate:', 'Run with parameters…', 'mlflow.projects.run', 'validate'],
      ['shell_step:', '$(play) Run', 'mlflow.projects.runWithDefaults', 'shell_step'],
      ['shell_step:', 'Run with parameters…', 'mlflow.projects.run', 'shell_step'],
    ]);
    assert.equal(ours[0].command!.arguments?.[0]?.project, path.dirname(document.uri.fsPath));
  });

  test("the view's run action on an entry point runs it as a task", async () => {
    const wb = await api();
    const restore = usePath();
    await usePython(path.join(tmpdir(), 'no-such-python'));
    try {
      const [project] = await wb.projects.tree.getChildren();
      const shellStep = (await wb.projects.tree.getChildren(project)).find((node) => node.kind === 'entryPoint' && node.entry.name === 'shell_step');
      const execution = await vscode.commands.executeCommand<vscode.TaskExecution | undefined>('mlflow.projects.runWithDefaults', shellStep);
      assert.ok(execution, 'no task started');
      assert.equal(execution.task.definition.entryPoint, 'shell_step');
      assert.equal(await processEnd(execution), 0);
    } finally {
      restore();
      await usePython(undefined);
    }
  });

  test('revealing an entry point opens the MLproject on its line', async () => {
    const wb = await api();
    const [project] = await wb.projects.tree.getChildren();
    const validate = (await wb.projects.tree.getChildren(project))[1];
    await vscode.commands.executeCommand('mlflow.projects.revealEntryPoint', validate);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.fsPath, MLPROJECT().fsPath);
    assert.equal(editor?.document.lineAt(editor.selection.active.line).text.trim(), 'validate:');
  });
});

suite('Serving: a model server as a task', () => {
  let restorePath: () => void = () => undefined;
  setup(() => usePython(path.join(tmpdir(), 'no-such-python')));
  teardown(async () => {
    const wb = await api();
    await wb.serving.server.stop();
    restorePath();
    await usePython(undefined);
  });

  test('Serve Model waits for /ping, Send Test Request shows the prediction and MLflow errors, Stop ends it', async () => {
    const wb = await api();
    restorePath = usePath(path.join(FIXTURES, 'bin'));
    const endpoint = await vscode.commands.executeCommand<string | undefined>('mlflow.serving.serve', { kind: 'modelVersion', version: { name: 'wine-quality', version: '3' } });
    assert.match(endpoint ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(wb.serving.server.modelUri, 'models:/wine-quality/3');

    const request = '{"dataframe_split": {"columns": ["a", "b"], "data": [[1, 2], [3, 4]]}}';
    const shown = await vscode.commands.executeCommand<vscode.TextDocument>('mlflow.serving.sendTestRequest', request);
    const text = shown.getText();
    assert.match(text, /^# models:\/wine-quality\/3 at http:\/\/127\.0\.0\.1:\d+\n\n200 OK — \d+ ms\n/);
    assert.match(text, /"predictions": \[\n\s+2,\n\s+2\n\s+\]/);
    assert.match(text, /"model": "models:\/wine-quality\/3"/);
    assert.match(text, /"tracking": "sqlite:\/\/\/\/.*mlflow\.db"/);

    const refused = await vscode.commands.executeCommand<vscode.TextDocument>('mlflow.serving.sendTestRequest', '{"inputs": 1}');
    assert.match(refused.getText(), /Error: The server answered 400 Bad Request: Invalid input\. Expected dataframe_split/);

    await vscode.commands.executeCommand('mlflow.serving.stop');
    assert.equal(wb.serving.server.endpoint, undefined);
    // The task ends when its terminal closes; the process follows within moments.
    const deadline = Date.now() + 10_000;
    let answers = true;
    while (answers && Date.now() < deadline) answers = await fetch(`${endpoint}/ping`, { headers: { connection: 'close' } }).then(() => true, () => false);
    assert.equal(answers, false, 'the model server still answers after Stop');
  });

  test("a logged model's serving_input_example.json is the test request when no JSON editor is open", async () => {
    const wb = await api();
    restorePath = usePath(path.join(FIXTURES, 'bin'));
    const state = wb.connection.state;
    assert.ok(state.kind === 'connected');
    const model = (await state.store.searchLoggedModels(['1'])).find((candidate) => candidate.modelId === 'm-5ccc98ba92e94cae97d97da8f0a82c38');
    assert.ok(model, 'the fixture logged model');
    const endpoint = await vscode.commands.executeCommand<string | undefined>('mlflow.serving.serve', { kind: 'loggedModel', model });
    assert.ok(endpoint);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const shown = await vscode.commands.executeCommand<vscode.TextDocument>('mlflow.serving.sendTestRequest');
    assert.ok(shown, 'no response shown');
    const text = shown.getText();
    assert.match(text, /^# models:\/m-5ccc98ba92e94cae97d97da8f0a82c38 at /);
    assert.match(text, /\n200 OK — \d+ ms\n/);
    assert.match(text, /## Request\n\{\n {2}"dataframe_split": \{\n {4}"columns": \[\n {6}"fixed_acidity"/);
  });

  test('without the mlflow CLI there is nothing to serve with, and nothing starts', async () => {
    const wb = await api();
    restorePath = usePath();
    assert.equal(await wb.serving.server.serve('models:/m-123'), undefined);
    assert.equal(wb.serving.server.endpoint, undefined);
  });
});
