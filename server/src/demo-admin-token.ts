// In demo mode without SIGNET_ADMIN_TOKEN, the admin token is a random one kept in
// <dataDir>/admin.token (mode 0600), so the admin CLI and the demo relying party can find it.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function demoAdminTokenFile(dataDir: string): string {
  return path.join(dataDir, 'admin.token');
}

export function ensureDemoAdminToken(dataDir: string): string {
  const file = demoAdminTokenFile(dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (!existsSync(file)) writeFileSync(file, randomBytes(24).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
  return readFileSync(file, 'utf8').trim();
}
