// The resident login app as the server finds it: the files `npm run build:renderer` writes to
// kiosk/dist/renderer (the server never imports the kiosk; it serves the built files), its page,
// and the languages its catalogues exist for (locales.json, written by the build), which
// discovery advertises.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** kiosk/dist/renderer of this repository: three folders up from server/src/login-ui and server/dist/login-ui alike. */
export const DEFAULT_LOGIN_APP_DIR = fileURLToPath(new URL('../../../kiosk/dist/renderer/', import.meta.url));

const LocalesManifestSchema = z.object({ languages: z.array(z.string().regex(/^[a-z]{2,3}$/)).min(1) });

export interface LoginApp {
  dir: string;
  /** The page (index.html), or undefined when the app has not been built. */
  page: string | undefined;
  /** Languages with a catalogue, English first; ['en'] when the app has not been built. */
  languages: string[];
}

const loaded = new Map<string, LoginApp>();

/** Reads the built app once per folder (the files do not change while the server runs). */
export function loginApp(dir: string | undefined): LoginApp {
  const folder = path.resolve(dir ?? DEFAULT_LOGIN_APP_DIR);
  let app = loaded.get(folder);
  if (!app) {
    const pageFile = path.join(folder, 'index.html');
    const manifestFile = path.join(folder, 'locales.json');
    const page = existsSync(pageFile) ? readFileSync(pageFile, 'utf8') : undefined;
    const languages = existsSync(manifestFile)
      ? LocalesManifestSchema.parse(JSON.parse(readFileSync(manifestFile, 'utf8'))).languages
      : ['en'];
    app = { dir: folder, page, languages };
    loaded.set(folder, app);
  }
  return app;
}
