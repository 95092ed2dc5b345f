// The data folder holds personal data, PIN hashes, biometric templates and keys: it is made 0700 at
// every start and its SQLite databases 0600, whatever made them (another umask, an older version).
import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const DATABASE_FILE = /\.sqlite(-wal|-shm|-journal)?$/;

function restrict(file: string, mode: number): void {
  try {
    if ((statSync(file).mode & 0o777) !== mode) chmodSync(file, mode);
  } catch (e) {
    // A -wal or -shm file may vanish between listing and chmod when its database closes.
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

/** Creates the folder if needed and makes it 0700. */
export function openPrivateDataFolder(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  restrict(dataDir, 0o700);
}

/**
 * Makes every SQLite file in the folder 0600: call it once the databases are open. WAL and shared
 * memory files SQLite creates later take the mode of their database, so no umask is needed.
 */
export function restrictDatabaseFiles(dataDir: string): void {
  for (const name of readdirSync(dataDir)) if (DATABASE_FILE.test(name)) restrict(path.join(dataDir, name), 0o600);
}
