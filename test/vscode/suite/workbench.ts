// What the extension-host suites share: the extension's test API, once its connection settled,
// and the Experiments tree read the way the view shows it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ConnectionState } from '../../../src/connection/manager';
import type { ExperimentsNode } from '../../../src/experiments/tree';
import type { WorkbenchTestApi } from '../../../src/workbench';

export const EXTENSION_ID = 'mlflow-workbench.mlflow-workbench';

export async function api(): Promise<WorkbenchTestApi> {
  const extension = vscode.extensions.getExtension<WorkbenchTestApi>(EXTENSION_ID);
  assert.ok(extension, 'extension not found');
  const exported = await extension.activate();
  await exported.ready;
  await exported.connection.whenSettled();
  return exported;
}

export function label(wb: WorkbenchTestApi, node: ExperimentsNode): string {
  const item = wb.experiments.getTreeItem(node);
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

export async function childLabels(wb: WorkbenchTestApi, node?: ExperimentsNode): Promise<string[]> {
  return (await wb.experiments.getChildren(node)).map((child) => label(wb, child));
}

export async function find(wb: WorkbenchTestApi, name: string, parent?: ExperimentsNode): Promise<ExperimentsNode> {
  const children = await wb.experiments.getChildren(parent);
  const match = children.find((child) => label(wb, child) === name);
  assert.ok(match, `"${name}" not among ${children.map((c) => label(wb, c)).join(', ')}`);
  return match;
}

/** Runs `change` and resolves with the first settled connection state after it. */
export async function settled(wb: WorkbenchTestApi, change: () => Thenable<unknown>): Promise<ConnectionState> {
  const next = new Promise<ConnectionState>((resolve) => {
    const subscription = wb.connection.onDidChangeState((state) => {
      if (state.kind !== 'loading') {
        subscription.dispose();
        resolve(state);
      }
    });
  });
  await change();
  return next;
}

/**
 * Resolves with the first value `check` gives (not undefined), checked now and after each
 * `event`; fails after `timeoutMs` naming `what`.
 */
export function eventually<T>(event: vscode.Event<unknown>, check: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const finish = (settle: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      subscription.dispose();
      settle();
    };
    const attempt = () =>
      void Promise.resolve()
        .then(check)
        .then(
          (value) => value !== undefined && finish(() => resolve(value)),
          (error: unknown) => finish(() => reject(error instanceof Error ? error : new Error(String(error)))),
        );
    const timer = setTimeout(() => finish(() => reject(new Error(`timed out waiting for ${what}`))), timeoutMs);
    const subscription = event(attempt);
    attempt();
  });
}

/** The next event `event` fires. */
export function nextEvent<T>(event: vscode.Event<T>): Promise<T> {
  return new Promise((resolve) => {
    const subscription = event((value) => {
      subscription.dispose();
      resolve(value);
    });
  });
}
