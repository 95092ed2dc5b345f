// Build step after tsc: the files the server reads at run time beside its modules (the login
// page's favicon, the pages' stylesheet, the demo residents) are copied into dist/, so the compiled
// server finds them where the sources do (each module resolves them relative to its own URL).
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = path.dirname(fileURLToPath(import.meta.url));
const ASSETS = ['login-ui/static', 'pages/static', 'plugins/mock-identity/residents.seed.json'];

for (const asset of ASSETS) {
  const target = path.join(PACKAGE, 'dist', asset);
  rmSync(target, { recursive: true, force: true });
  cpSync(path.join(PACKAGE, 'src', asset), target, { recursive: true });
}
