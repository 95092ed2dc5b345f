// The kiosk window's preload script (sandboxed, bundled to one CommonJS file by `npm run
// build:kiosk`): exposes the typed `window.kiosk` API and the kiosk's page settings (from the
// switches the main process added to this renderer's command line) and nothing else — no
// ipcRenderer, no event objects — through contextBridge into the page's isolated world.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { kioskWindowApi } from './kiosk-api.js';

contextBridge.exposeInMainWorld(
  'kiosk',
  kioskWindowApi(
    {
      invoke: (channel, request) => ipcRenderer.invoke(channel, request),
      subscribe(channel, listener) {
        const relay = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
        ipcRenderer.on(channel, relay);
        return () => void ipcRenderer.removeListener(channel, relay);
      },
    },
    process.argv,
  ),
);
