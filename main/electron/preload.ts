// Sandboxed preload, bundled to one CommonJS file (dist/electron/preload.cjs). It exposes
// `window.lanyard` — one function per admin operation plus onEvent — never ipcRenderer.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { BRIDGE_GLOBAL, buildBridge } from './bridge.ts';

contextBridge.exposeInMainWorld(
  BRIDGE_GLOBAL,
  buildBridge({
    invoke: (channel, input) => ipcRenderer.invoke(channel, input),
    on: (channel, listener) => {
      // The renderer gets the payload only, never the IpcRendererEvent (it carries `sender`).
      const handler = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(channel, handler);
      return () => void ipcRenderer.removeListener(channel, handler);
    },
  }),
);
