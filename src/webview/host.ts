// Where the view runs and how it talks to its host: inside VS Code (acquireVsCodeApi: typed
// messages, saved state) or standalone in an exported HTML file (the report embedded in a
// JSON data island, state kept for the page's lifetime, nothing to send to).
import type { HostMessage, PersistedViewState, ReportPayload, ViewMessage } from '../core/report/viewProtocol';
import { DATA_ISLAND_ID, parseHostMessage, parsePersistedState } from '../core/report/viewProtocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface ViewHost {
  /** Whether a host listens: the view offers "reveal in editor" and "run again" only then. */
  readonly interactive: boolean;
  post(message: ViewMessage): void;
  state(): PersistedViewState;
  saveState(state: PersistedViewState): void;
  onMessage(listener: (message: HostMessage) => void): void;
  /** The report embedded in the page, for a standalone export. */
  embedded(): ReportPayload | undefined;
}

function vscodeHost(api: VsCodeApi): ViewHost {
  return {
    interactive: true,
    post: (message) => api.postMessage(message),
    state: () => parsePersistedState(api.getState()),
    saveState: (state) => api.setState(state),
    onMessage: (listener) => {
      window.addEventListener('message', (event: MessageEvent<unknown>) => {
        const message = parseHostMessage(event.data);
        if (message) listener(message);
      });
    },
    embedded: () => undefined,
  };
}

function standaloneHost(): ViewHost {
  let saved: PersistedViewState = parsePersistedState(undefined);
  return {
    interactive: false,
    post: () => undefined,
    state: () => saved,
    saveState: (state) => {
      saved = state;
    },
    onMessage: () => undefined,
    embedded: () => {
      const island = document.getElementById(DATA_ISLAND_ID);
      if (!island?.textContent) return undefined;
      const message = parseHostMessage({ type: 'report', payload: JSON.parse(island.textContent) as unknown });
      return message?.type === 'report' ? message.payload : undefined;
    },
  };
}

export function connectHost(): ViewHost {
  return typeof acquireVsCodeApi === 'function' ? vscodeHost(acquireVsCodeApi()) : standaloneHost();
}
