// The kiosk window's preload script (sandboxed, bundled to one CommonJS file by `npm run
// build:kiosk`): exposes the typed `window.kiosk` API and nothing else — no ipcRenderer, no event
// objects — through contextBridge into the page's isolated world.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { kioskApiOver } from './kiosk-api.js';

contextBridge.exposeInMainWorld(
  'kiosk',
  kioskApiOver({
    invoke: (channel, request) => ipcRenderer.invoke(channel, request),
    subscribe(channel, listener) {
      const relay = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(channel, relay);
      return () => void ipcRenderer.removeListener(channel, relay);
    },
  }),
);
