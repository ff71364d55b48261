import * as vscode from 'vscode';
import { copyToClipboard } from '../clipboard';
import { describeError } from '../log';
import { isRegistryWritableStore, type RegistryWrites } from '../mlflow/store';
import { aliasUri, versionUri } from './model';
import { loggedModelRef, versionRef } from './modelView';
import { openLoggedModelFile, openVersionMlmodel } from './open';
import { registerRegisterCommand } from './register';
import type { LoggedModelFileNode, LoggedModelNode } from './loggedModels';
import type { ModelsTree, ModelVersionNode, RegisteredModelNode } from './tree';

type ModelOrVersion = RegisteredModelNode | ModelVersionNode;

/**
 * What a write changed, so the view re-reads just that: the node's registered model, the list of
 * models (renamed or deleted), or nothing (the user cancelled).
 */
type Written = 'model' | 'list' | undefined;

/** The Models view's commands: reading everywhere, writing through a tracking server. */
export function registerModelCommands(tree: ModelsTree): vscode.Disposable[] {
  const write = <N extends ModelOrVersion>(id: string, handler: (registry: RegistryWrites, node: N) => Promise<Written>) =>
    vscode.commands.registerCommand(id, async (node: N) => {
      const store = tree.store();
      if (!store || !isRegistryWritableStore(store)) {
        void vscode.window.showWarningMessage('MLflow: the model registry is read-only here. Connect to a tracking server to change it.');
        return;
      }
      // A write that failed may still have reached the server (a timeout): re-read the model then too.
      let written: Written = 'model';
      try {
        written = await handler(store.registryWrites, node);
      } catch (error) {
        void vscode.window.showErrorMessage(`MLflow: ${describeError(error)}`);
      }
      if (written === 'list') tree.reload();
      else if (written === 'model') await tree.refreshModel(node.model.name);
    });
  return [
    vscode.commands.registerCommand('mlflow.models.refresh', () => tree.reload()),
    vscode.commands.registerCommand('mlflow.models.loadMore', () => tree.showMore()),
    vscode.commands.registerCommand('mlflow.models.filter', async () => {
      const text = await vscode.window.showInputBox({
        title: 'Filter registered models',
        prompt: "Part of the name, or a registry filter such as tags.task = 'regression'",
        value: tree.filter,
      });
      if (text !== undefined) tree.setFilter(text);
    }),
    vscode.commands.registerCommand('mlflow.models.clearFilter', () => tree.setFilter('')),
    vscode.commands.registerCommand('mlflow.models.copyVersionUri', (node: ModelVersionNode) => copyToClipboard(versionUri(node.version.name, node.version.version))),
    vscode.commands.registerCommand('mlflow.models.copyAliasUri', async (node: ModelOrVersion) => {
      const aliases = node.kind === 'modelVersion' ? node.version.aliases : node.model.aliases.map((a) => a.alias);
      const alias = aliases.length === 1 ? aliases[0] : (await vscode.window.showQuickPick(aliases, { title: 'Copy the URI of which alias?' }));
      if (alias) await copyToClipboard(aliasUri(node.model.name, alias));
    }),
    vscode.commands.registerCommand('mlflow.models.openSourceRun', (node: ModelVersionNode) =>
      node.version.runId ? vscode.commands.executeCommand('mlflow.openRun', node.version.runId) : undefined,
    ),
    registerRegisterCommand(tree),
    vscode.commands.registerCommand('mlflow.models.openMLmodel', async (node: ModelVersionNode) => {
      const store = tree.store();
      if (!store) return;
      try {
        await openVersionMlmodel(store, node.version);
      } catch (error) {
        void vscode.window.showErrorMessage(`MLflow: ${describeError(error)}`);
      }
    }),
    // The Run panel's model view (signature, flavors, facts), through the panels' command.
    vscode.commands.registerCommand('mlflow.models.showSignature', (node: ModelVersionNode | LoggedModelNode) =>
      vscode.commands.executeCommand('mlflow.showModel', node.kind === 'modelVersion' ? versionRef(node.version) : loggedModelRef(node.model)),
    ),
    vscode.commands.registerCommand('mlflow.models.openLoggedModelFile', async (node: LoggedModelFileNode) => {
      const store = tree.store();
      if (!store) return;
      try {
        await openLoggedModelFile(store, node.model, node.path);
      } catch (error) {
        void vscode.window.showErrorMessage(`MLflow: ${describeError(error)}`);
      }
    }),

    write('mlflow.models.setAlias', async (registry, node: ModelVersionNode) => {
      const alias = await vscode.window.showInputBox({
        title: `Alias for ${node.version.name} v${node.version.version}`,
        prompt: 'e.g. champion; an alias on another version moves here',
        validateInput: (v) => (/^[\w-]+$/.test(v.trim()) ? undefined : 'Letters, digits, _ and - only'),
      });
      if (!alias) return undefined;
      const name = alias.trim();
      const current = node.model.aliases.find((a) => a.alias === name);
      if (current && current.version !== node.version.version) {
        if (!(await confirm(`Move @${name} of ${node.model.name} from version ${current.version} to version ${node.version.version}?`, 'Move'))) return undefined;
      }
      await registry.setAlias(node.version.name, name, node.version.version);
      return 'model';
    }),
    write('mlflow.models.deleteAlias', async (registry, node: ModelVersionNode) => {
      const alias = await pickOne(node.version.aliases, `Delete which alias of ${node.version.name} v${node.version.version}?`);
      if (!alias || !(await confirm(`Delete the alias @${alias} of ${node.version.name}? Code loading ${aliasUri(node.version.name, alias)} will fail.`, 'Delete'))) return undefined;
      await registry.deleteAlias(node.version.name, alias);
      return 'model';
    }),
    write('mlflow.models.transitionStage', async (registry, node: ModelVersionNode) => {
      const stages = ['None', 'Staging', 'Production', 'Archived'].filter((s) => s !== (node.version.currentStage ?? 'None'));
      const stage = await vscode.window.showQuickPick(stages, { title: `Stage of ${node.version.name} v${node.version.version} (deprecated: prefer aliases)` });
      if (!stage) return undefined;
      await registry.transitionStage(node.version.name, node.version.version, stage, false);
      return 'model';
    }),
    write('mlflow.models.editDescription', async (registry, node: ModelOrVersion) => {
      const current = node.kind === 'modelVersion' ? node.version.description : node.model.description;
      const what = node.kind === 'modelVersion' ? `${node.version.name} v${node.version.version}` : node.model.name;
      const text = await vscode.window.showInputBox({ title: `Description of ${what}`, value: current ?? '', ignoreFocusOut: true });
      if (text === undefined) return undefined;
      if (node.kind === 'modelVersion') await registry.updateModelVersion(node.version.name, node.version.version, text);
      else await registry.updateRegisteredModel(node.model.name, text);
      return 'model';
    }),
    write('mlflow.models.setTag', async (registry, node: ModelOrVersion) => {
      const key = (await vscode.window.showInputBox({ title: 'Tag key', validateInput: (v) => (v.trim() ? undefined : 'Enter a key') }))?.trim();
      if (!key) return undefined;
      const value = await vscode.window.showInputBox({ title: `Value of ${key}` });
      if (value === undefined) return undefined;
      if (node.kind === 'modelVersion') await registry.setModelVersionTag(node.version.name, node.version.version, key, value);
      else await registry.setRegisteredModelTag(node.model.name, key, value);
      return 'model';
    }),
    write('mlflow.models.deleteTag', async (registry, node: ModelOrVersion) => {
      const tags = (node.kind === 'modelVersion' ? node.version.tags : node.model.tags).map((t) => t.key).filter((k) => !k.startsWith('mlflow.'));
      const key = await pickOne(tags, 'Delete which tag?');
      if (!key || !(await confirm(`Delete the tag "${key}"?`, 'Delete'))) return undefined;
      if (node.kind === 'modelVersion') await registry.deleteModelVersionTag(node.version.name, node.version.version, key);
      else await registry.deleteRegisteredModelTag(node.model.name, key);
      return 'model';
    }),
    write('mlflow.models.rename', async (registry, node: RegisteredModelNode) => {
      const name = await vscode.window.showInputBox({ title: `Rename ${node.model.name}`, value: node.model.name, validateInput: (v) => (v.trim() ? undefined : 'Enter a name') });
      if (!name || name.trim() === node.model.name) return undefined;
      await registry.renameRegisteredModel(node.model.name, name.trim());
      return 'list';
    }),
    write('mlflow.models.delete', async (registry, node: RegisteredModelNode) => {
      if (!(await confirm(`Delete the registered model "${node.model.name}" and all its versions? This cannot be undone.`, 'Delete'))) return undefined;
      await registry.deleteRegisteredModel(node.model.name);
      return 'list';
    }),
    write('mlflow.models.deleteVersion', async (registry, node: ModelVersionNode) => {
      const aliases = node.version.aliases.length ? ` Its aliases (${node.version.aliases.map((a) => `@${a}`).join(', ')}) go with it.` : '';
      if (!(await confirm(`Delete version ${node.version.version} of "${node.version.name}"?${aliases} This cannot be undone.`, 'Delete'))) return undefined;
      await registry.deleteModelVersion(node.version.name, node.version.version);
      return 'model';
    }),
  ];
}

async function pickOne(items: string[], title: string): Promise<string | undefined> {
  if (items.length <= 1) return items[0];
  return vscode.window.showQuickPick(items, { title });
}

async function confirm(message: string, action: string): Promise<boolean> {
  return (await vscode.window.showWarningMessage(message, { modal: true }, action)) === action;
}
