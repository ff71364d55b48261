// The questions before a run: one input per declared parameter (prefilled, validated by type as
// you type), extra `key=value` parameters, then the experiment.
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { EntryPointSpec, ParameterSpec } from '../mlflow/project/model';
import { parameterValueProblem, parseExtraParameter } from '../mlflow/project/parameters';
import type { MlflowStore } from '../mlflow/store';

export interface RunChoices {
  readonly parameters: Record<string, string>;
  readonly experiment?: string;
}

/** Asks for every parameter; undefined when the user cancels. */
export async function promptParameters(entry: EntryPointSpec, projectDir: string, last?: Record<string, string>): Promise<Record<string, string> | undefined> {
  const values: Record<string, string> = {};
  const check = { projectDir, exists: existsSync };
  const total = entry.parameters.length;
  for (const [index, parameter] of entry.parameters.entries()) {
    const value = await ask({
      title: `Run ${entry.name}: parameter ${index + 1} of ${total}`,
      prompt: describe(parameter),
      value: last?.[parameter.name] ?? parameter.default ?? '',
      validate: (text) => parameterValueProblem(parameter, text, check),
    });
    if (value === undefined) return undefined;
    values[parameter.name] = value;
  }
  const declared = new Set(entry.parameters.map((parameter) => parameter.name));
  for (const [key, value] of Object.entries(last ?? {})) if (!declared.has(key)) values[key] = value;
  for (;;) {
    const extras = Object.keys(values).filter((key) => !declared.has(key));
    const text = await ask({
      title: `Run ${entry.name}: extra parameters`,
      prompt: `Add an extra parameter as key=value (passed as --key value), or press Enter to continue.${extras.length ? ` Extra: ${extras.join(', ')}` : ''}`,
      value: '',
      validate: (input) => {
        if (input.trim() === '') return undefined;
        const parsed = parseExtraParameter(input);
        if ('error' in parsed) return parsed.error;
        return declared.has(parsed.key) ? `${parsed.key} is a declared parameter: it was asked above` : undefined;
      },
    });
    if (text === undefined) return undefined;
    if (text.trim() === '') return values;
    const parsed = parseExtraParameter(text);
    if ('key' in parsed) values[parsed.key] = parsed.value;
  }
}

function describe(parameter: ParameterSpec): string {
  const kind = { float: 'a number', int: 'a whole number', uri: 'a URI with a scheme', path: 'a file or folder (relative to the project)' }[parameter.type] ?? 'text';
  return `${parameter.name} (${parameter.type}): ${kind}${parameter.default === undefined ? ', required' : `, default ${parameter.default}`}`;
}

interface Question {
  title: string;
  prompt: string;
  value: string;
  validate: (text: string) => string | undefined;
}

function ask(question: Question): Promise<string | undefined> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    box.title = question.title;
    box.prompt = question.prompt;
    box.value = question.value;
    box.ignoreFocusOut = true;
    const validate = () => (box.validationMessage = question.validate(box.value));
    validate();
    let accepted = false;
    box.onDidChangeValue(validate);
    box.onDidAccept(() => {
      if (question.validate(box.value) !== undefined) return;
      accepted = true;
      resolve(box.value);
      box.hide();
    });
    box.onDidHide(() => {
      if (!accepted) resolve(undefined);
      box.dispose();
    });
    box.show();
  });
}

const NEW_EXPERIMENT = '$(add) New experiment…';

/** The experiment for the run: an existing one of the active store, or a new name. */
export async function promptExperiment(store: MlflowStore | undefined, last?: string): Promise<string | undefined> {
  const names = store ? await store.searchExperiments({ maxResults: 1000 }).then((page) => page.items.map((experiment) => experiment.name), () => []) : [];
  const items: vscode.QuickPickItem[] = [{ label: NEW_EXPERIMENT, alwaysShow: true }, ...names.map((name) => ({ label: name, description: name === last ? 'last used' : undefined }))];
  const picked = await vscode.window.showQuickPick(items, { title: 'Log the run to experiment', placeHolder: 'An experiment of the active store, or a new one', ignoreFocusOut: true });
  if (!picked) return undefined;
  if (picked.label !== NEW_EXPERIMENT) return picked.label;
  return vscode.window.showInputBox({ title: 'New experiment', prompt: 'MLflow creates it when the run starts', value: last && !names.includes(last) ? last : '', validateInput: (text) => (text.trim() ? undefined : 'Give the experiment a name'), ignoreFocusOut: true });
}
