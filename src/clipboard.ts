import * as vscode from 'vscode';

/** Copies `text` and says so in the status bar for a few seconds (`what` names it when the text is long). */
export async function copyToClipboard(text: string, what = text): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(`Copied ${what}`, 3000);
}
