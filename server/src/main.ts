// Entry point of `npm run server` / `npm start`: configuration, then the server; bad
// configuration or a plugin that does not load ends the process with one clear message.
import { ConfigError, defaultIssuer, loadConfig, type Config } from './config.js';
import { demoAdminTokenFile, ensureDemoAdminToken } from './demo-admin-token.js';
import { createLogger, StartupLogDestination } from './log.js';
import { PluginLoadError } from './plugin/load-authenticator.js';
import { startServer, type RunningServer } from './server.js';

/** What a newcomer needs first: where the server is, and where to go next. */
function banner(config: Config, url: string, adminToken: string): string {
  const lines = [
    `Signet Kiosk${config.demo ? ' (demo mode)' : ''} — ${config.issuer}`,
    ...(url === config.issuer ? [] : [`listening:   ${url}`]),
    `discovery:   ${config.issuer}/.well-known/openid-configuration`,
    `login UI:    ${config.loginUiUrl ?? `${config.issuer}/login`}`,
    ...(config.demo ? [`OTP outbox:  ${config.issuer}/v1/esignet/dev/outbox?individualId=<id>`] : []),
    `admin token: ${adminToken}`,
    `data:        ${config.dataDir}`,
  ];
  return ['', ...lines.map((l) => `  ${l}`), ''].join('\n');
}

/** The port is taken: which settings move the server, and its issuer with it. */
function portInUse(config: Config): string {
  const follows = config.issuer === defaultIssuer(config.host, config.port);
  return (
    `port ${config.port} on ${config.host} is already in use (another Signet server?): set SIGNET_PORT to a free port` +
    (follows
      ? '; the issuer follows it unless SIGNET_ISSUER is set'
      : `, and SIGNET_ISSUER (now ${config.issuer}) to match it`)
  );
}

async function main(): Promise<void> {
  let config = loadConfig(process.env);
  let adminToken = config.adminToken
    ? 'from the configuration (SIGNET_ADMIN_TOKEN)'
    : 'none: the admin APIs are closed (set SIGNET_ADMIN_TOKEN)';
  if (config.demo && !config.adminToken) {
    config = { ...config, adminToken: ensureDemoAdminToken(config.dataDir) };
    adminToken = `in ${demoAdminTokenFile(config.dataDir)}`;
  }
  // Lines logged while starting wait for the banner, so that it is the first thing on the terminal.
  const destination = new StartupLogDestination();
  const logger = createLogger(config.logLevel, destination);
  let server: RunningServer;
  try {
    server = await startServer(config, { logger });
  } catch (e) {
    destination.release();
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new ConfigError(portInUse(config));
    throw e;
  }
  console.log(banner(config, server.url, adminToken));
  destination.release();
  logger.info(
    { issuer: config.issuer, dataDir: config.dataDir, demo: config.demo, authenticator: config.authenticator },
    `Signet Kiosk listening on ${server.url}`,
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof PluginLoadError) {
    console.error(`signet: ${err.message}`);
    process.exit(2);
  }
  console.error('signet: failed to start:', err);
  process.exit(1);
});
