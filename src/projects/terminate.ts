// Ending a task and knowing it ended. Soon after a start, VS Code's task service can answer a
// terminate with "Task to terminate not found" and do nothing (a known race, seen in CI): ask
// again each `retryMs` until the process-end event comes, for at most `attempts` tries.
import * as vscode from 'vscode';

/** Terminates the task's process; resolves true once VS Code says it ended, false if it never did. */
export function terminateTask(execution: vscode.TaskExecution, { retryMs = 1000, attempts = 30 } = {}): Promise<boolean> {
  return new Promise((resolve) => {
    let tries = 1;
    const finish = (ended: boolean) => {
      clearInterval(retry);
      subscription.dispose();
      resolve(ended);
    };
    const subscription = vscode.tasks.onDidEndTaskProcess((event) => event.execution === execution && finish(true));
    const retry = setInterval(() => (tries++ < attempts ? execution.terminate() : finish(false)), retryMs);
    execution.terminate();
  });
}
