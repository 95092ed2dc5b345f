// Entry point of `npm run server` / `npm start`: configuration, then the server; bad
// configuration or a plugin that does not load ends the process with one clear message.
import { ConfigError, loadConfig } from './config.js';
import { demoAdminTokenFile, ensureDemoAdminToken } from './demo-admin-token.js';
import { PluginLoadError } from './plugin/load-authenticator.js';
import { startServer } from './server.js';

async function main(): Promise<void> {
  let config = loadConfig(process.env);
  if (config.demo && !config.adminToken) config = { ...config, adminToken: ensureDemoAdminToken(config.dataDir) };
  const server = await startServer(config);
  const { logger } = server.ctx;
  logger.info({ issuer: config.issuer, dataDir: config.dataDir, demo: config.demo, authenticator: config.authenticator }, `Signet Kiosk listening on ${server.url}`);
  if (config.demo) {
    console.log(
      [
        '',
        `  Signet Kiosk (demo mode) — ${config.issuer}`,
        `  discovery:   ${config.issuer}/.well-known/openid-configuration`,
        `  login UI:    ${config.issuer}/login`,
        `  OTP outbox:  ${config.issuer}/v1/esignet/dev/outbox?individualId=<id>`,
        `  admin token: ${process.env.SIGNET_ADMIN_TOKEN ? 'from SIGNET_ADMIN_TOKEN' : `in ${demoAdminTokenFile(config.dataDir)}`}`,
        '',
      ].join('\n'),
    );
  }
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
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EADDRINUSE') {
    console.error(`signet: the port is already in use (${e.message}); set SIGNET_PORT to another port`);
    process.exit(2);
  }
  console.error('signet: failed to start:', err);
  process.exit(1);
});
