// Builds the server from its configuration: data folder, stores, keys, plugin, then the app.
import path from 'node:path';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { LogAuditSink, type AuditSink } from './audit/audit-sink.js';
import { DemoSimulatorCas, SIMULATOR_PKI_DIR } from './biometrics/demo-simulator-cas.js';
import { TrustStore } from './biometrics/trust-store.js';
import { CaptureVerifier } from './biometrics/verify-captures.js';
import type { Config } from './config.js';
import type { ServerContext } from './context.js';
import { openPrivateDataFolder, restrictDatabaseFiles } from './data-folder.js';
import { KeyEncryptionKey } from './keys/key-encryption-key.js';
import { KeyManager } from './keys/key-manager.js';
import { disableLeftoverDemoKiosk, ensureDemoKiosk } from './kiosks/demo-kiosk.js';
import { createLogger } from './log.js';
import { PairwiseSubjects } from './oidc/pairwise-subject.js';
import { loadAuthenticator } from './plugin/load-authenticator.js';
import { InProcessLinkNotifications } from './linked/link-notifications.js';
import { MemoryKvStore } from './stores/memory-kv-store.js';
import { SqliteRegistry } from './stores/sqlite-registry.js';
import { createApp } from './app.js';
import { appNativeClasses } from './http/app-native-classes.js';

export interface ContextOptions {
  logger?: Logger;
  audit?: AuditSink;
  /** Handed to the plugin's factory as its options (tests: a cheap hash cost); none in production. */
  authenticatorOptions?: unknown;
}

/** Opens the data folder, stores, keys and plugin. */
export async function createContext(config: Config, options: ContextOptions = {}): Promise<ServerContext> {
  openPrivateDataFolder(config.dataDir);
  const logger = options.logger ?? createLogger(config.logLevel);
  const registry = new SqliteRegistry(path.join(config.dataDir, 'registry.sqlite'));
  const kek = KeyEncryptionKey.load(config.dataDir, config.kek);
  const longestToken = Math.max(config.ttl.accessToken, config.ttl.idToken);
  const keys = new KeyManager(registry, kek, config.signing.algs, longestToken + 300);
  await keys.init();
  const authenticator = await loadAuthenticator(
    config.authenticator,
    {
      dataDir: config.dataDir,
      demo: config.demo,
      issuer: config.issuer,
      adminToken: config.adminToken,
      logger: logger.child({ plugin: config.authenticator }),
    },
    options.authenticatorOptions,
  );
  restrictDatabaseFiles(config.dataDir);
  keys.publishExtra(await authenticator.signingKeys());
  const replay = new MemoryKvStore(Date.now, 30_000, config.limits.maxStoreEntries);
  const trustStore = new TrustStore(registry, {
    demoSimulator: config.demo ? new DemoSimulatorCas(path.join(config.dataDir, SIMULATOR_PKI_DIR)) : undefined,
  });
  return {
    config,
    logger,
    transactions: new MemoryKvStore(Date.now, 30_000, config.limits.maxStoreEntries),
    replay,
    registry,
    keys,
    subjects: await PairwiseSubjects.load(registry, kek),
    authenticator,
    audit: options.audit ?? new LogAuditSink(logger),
    trustStore,
    captures: new CaptureVerifier(config.biometrics, trustStore, replay),
    linkNotifications: new InProcessLinkNotifications(),
  };
}

export async function closeContext(ctx: ServerContext): Promise<void> {
  await ctx.linkNotifications.close();
  await ctx.authenticator.close?.();
  await ctx.transactions.close();
  await ctx.replay.close();
  await ctx.registry.close();
}

export interface RunningServer {
  app: Express;
  ctx: ServerContext;
  http: Server;
  /** The base URL it listens on (the port is real even when config.port was 0). */
  url: string;
  close(): Promise<void>;
}

/** Builds everything and listens on config.host:config.port. */
export async function startServer(config: Config, options: ContextOptions = {}): Promise<RunningServer> {
  const ctx = await createContext(config, options);
  await (config.demo ? ensureDemoKiosk(ctx) : disableLeftoverDemoKiosk(ctx)).catch(async (e: unknown) => {
    await closeContext(ctx);
    throw e;
  });
  const app = createApp(ctx);
  const http = createHttpServer(appNativeClasses(app), app);
  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(config.port, config.host, () => {
        http.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    await closeContext(ctx);
    throw e;
  }
  const addr = http.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  return {
    app,
    ctx,
    http,
    url: `http://${config.host}:${port}`,
    async close() {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await closeContext(ctx);
    },
  };
}
