// A data folder made once per test run (vitest globalSetup) with what a first start makes: the
// key-encryption key, the signing keys, the pairwise-subject salt, the plugin's secret and its
// signing and encryption keys. startTestServer copies it into each server's new folder, so that
// no test server spends its start generating RSA keys.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import type { TestProject } from 'vitest/node';
import { MemoryAuditSink } from '../audit/audit-sink.js';
import { loadConfig } from '../config.js';
import type { MockIdentity } from '../plugins/mock-identity/index.js';
import { FAST_SCRYPT } from '../plugins/mock-identity/test-context.js';
import { closeContext, createContext } from '../server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder the global setup made with makeTestDataTemplate. */
    signetTestDataTemplate: string;
  }
}

/** The options test servers hand the mock-identity plugin: residents seeded in milliseconds. */
export const TEST_AUTHENTICATOR_OPTIONS = { scrypt: FAST_SCRYPT };

/**
 * Opens a server context on `dataDir` with the default configuration, outside demo mode (so that
 * it holds no residents, which a demo server seeds and a non-demo one refuses), waits until the
 * plugin's encryption key is written, and closes it again: what a first start leaves behind.
 */
export async function makeTestDataTemplate(dataDir: string): Promise<void> {
  const config = loadConfig({}, { port: 0, dataDir, logLevel: 'silent' });
  const ctx = await createContext(config, {
    logger: pino({ level: 'silent' }),
    audit: new MemoryAuditSink(),
    authenticatorOptions: TEST_AUTHENTICATOR_OPTIONS,
  });
  try {
    await (ctx.authenticator as MockIdentity).encryptionCertificate();
  } finally {
    await closeContext(ctx);
  }
}

/** vitest globalSetup: makes the template for this run and removes it afterwards. */
export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'signet-test-template-'));
  await makeTestDataTemplate(dir);
  project.provide('signetTestDataTemplate', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
