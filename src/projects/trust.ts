// Running code from the workspace (entry points, model servers) needs a trusted workspace; in
// restricted mode the action says so and offers the trust settings.
import * as vscode from 'vscode';

export async function requireTrust(action: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const manage = 'Manage Workspace Trust';
  const answer = await vscode.window.showWarningMessage(`MLflow: ${action} runs code from this workspace, so it needs a trusted workspace.`, manage);
  if (answer === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}

/** In restricted mode the view says, above its items, why running is off; trusting clears it. */
export function explainRestrictedMode(view: vscode.TreeView<unknown>): vscode.Disposable {
  if (vscode.workspace.isTrusted) return new vscode.Disposable(() => {});
  view.message = 'Restricted mode: running entry points needs a trusted workspace. Trust it from "Restricted Mode" in the status bar.';
  return vscode.workspace.onDidGrantWorkspaceTrust(() => (view.message = undefined));
}
