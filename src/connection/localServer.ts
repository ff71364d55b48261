import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ConnectionManager } from './manager';
import { mlflowVersion, resolvePython } from './python';

/**
 * `mlflow server` on the active local store, with the user's own Python, so that writes
 * (renames, tags, deletes) become possible without the extension ever writing the store itself.
 * One server at a time; it stops when asked, when the workspace closes, or when VS Code exits.
 */
export class LocalServer implements vscode.Disposable {
  private process: ChildProcess | undefined;
  private readonly output = vscode.window.createOutputChannel('MLflow Server');

  constructor(private readonly connection: ConnectionManager) {}

  get running(): boolean {
    return this.process !== undefined && this.process.exitCode === null;
  }

  async start(): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('MLflow: starting a server runs Python code; trust this workspace first (Workspaces: Manage Workspace Trust).');
      return;
    }
    if (this.running) {
      void vscode.window.showInformationMessage('MLflow: a local server is already running. Stop it first (MLflow: Stop Local Server).');
      return;
    }
    const target = this.connection.activeTarget;
    if (target?.kind !== 'sqlite' && target?.kind !== 'file') {
      void vscode.window.showWarningMessage('MLflow: open a local store (mlflow.db or mlruns) first; the server is started on it.');
      return;
    }
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'MLflow: starting a local server', cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        const python = await resolvePython(vscode.workspace.workspaceFolders?.[0]?.uri);
        progress.report({ message: `checking mlflow in ${python}` });
        const version = await mlflowVersion(python, abort.signal);
        if (abort.signal.aborted) return;
        if (!version) {
          const install = `${python} -m pip install mlflow`;
          // Not awaited: the notification stays until the user acts, the start attempt is over.
          void vscode.window
            .showErrorMessage(
              `MLflow: "import mlflow" fails in ${python}. Install it with \`${install}\`, or choose another interpreter (Python extension, or the mlflow.pythonPath setting).`,
              'Copy Install Command',
            )
            .then((choice) => choice && vscode.env.clipboard.writeText(install));
          return;
        }
        const port = await freePort();
        const backend = target.kind === 'sqlite' ? `sqlite:///${target.path}` : target.path;
        const args = ['-m', 'mlflow', 'server', '--backend-store-uri', backend, '--host', '127.0.0.1', '--port', String(port)];
        this.output.appendLine(`$ ${python} ${args.join(' ')}   (MLflow ${version})`);
        const child = spawn(python, args, {
          cwd: path.dirname(target.path),
          env: { ...process.env, MLFLOW_ALLOW_FILE_STORE: 'true' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        this.process = child;
        child.stdout?.on('data', (chunk: Buffer) => this.output.append(chunk.toString()));
        child.stderr?.on('data', (chunk: Buffer) => this.output.append(chunk.toString()));
        child.on('exit', (code, signal) => {
          this.output.appendLine(`mlflow server exited (${signal ?? `code ${code}`})`);
          if (this.process === child) this.process = undefined;
          void vscode.commands.executeCommand('setContext', 'mlflow.localServerRunning', this.running);
        });
        void vscode.commands.executeCommand('setContext', 'mlflow.localServerRunning', true);
        progress.report({ message: `waiting for http://127.0.0.1:${port}/health` });
        const url = `http://127.0.0.1:${port}`;
        const healthy = await waitForHealth(url, child, abort.signal);
        if (!healthy) {
          this.stopProcess();
          if (!abort.signal.aborted) {
            this.output.show(true);
            void vscode.window.showErrorMessage('MLflow: the local server did not start; see the "MLflow Server" output.');
          }
          return;
        }
        await this.connection.select({ kind: 'uri', uri: url });
        vscode.window.setStatusBarMessage(`MLflow: local server on ${url}`, 5000);
      },
    );
  }

  async stop(): Promise<void> {
    const wasRunning = this.running;
    this.stopProcess();
    const selection = this.connection.selection;
    if (wasRunning && selection?.kind === 'uri') await this.connection.select(undefined);
  }

  private stopProcess(): void {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    child.kill('SIGTERM');
    // mlflow server runs workers (uvicorn/gunicorn) that may ignore SIGTERM while busy.
    setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 5000).unref();
  }

  showOutput(): void {
    this.output.show();
  }

  dispose(): void {
    this.stopProcess();
    this.output.dispose();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Polls `/health` until it answers 200, the process exits, or a minute passes. */
async function waitForHealth(url: string, child: ChildProcess, signal: AbortSignal): Promise<boolean> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && !signal.aborted && child.exitCode === null) {
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return true;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}
