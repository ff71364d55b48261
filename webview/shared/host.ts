/**
 * The webview's side of the message boundary: a typed `post` to the host, a typed listener, and
 * the state VS Code keeps for the panel across reloads. The `ready` message goes out once the
 * listener is in place, so no snapshot can arrive before someone listens.
 */
interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface Host<ToHost, State> {
  post(message: ToHost): void;
  saveState(state: State): void;
}

export function connect<ToWebview extends { type: string }, ToHost extends { type: string }, State>(
  onMessage: (message: ToWebview) => void,
): Host<ToHost, State> {
  const api = acquireVsCodeApi();
  window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
    if (event.data && typeof event.data.type === 'string') onMessage(event.data);
  });
  api.postMessage({ type: 'ready' });
  return {
    post: (message) => api.postMessage(message),
    saveState: (state) => api.setState(state),
  };
}
