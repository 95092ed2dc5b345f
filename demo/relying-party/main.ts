// Entry point of `npm run demo:rp`: settings from the environment (the only place they are
// read), then the demo relying party; a start-up failure prints one clear line and exits 2.
import { DemoRpError } from './errors.js';
import { optionsFromEnv } from './options.js';
import { startDemoRelyingParty } from './relying-party.js';

const REGISTRATION_TEXT = {
  created: 'registered now',
  updated: 'registration updated (redirect URI added)',
  unchanged: 'already registered',
} as const;

async function main(): Promise<void> {
  const rp = await startDemoRelyingParty(optionsFromEnv(process.env));
  console.log(
    [
      '',
      `  Signet demo relying party — ${rp.url}`,
      `  OpenID provider: ${rp.issuer}`,
      `  client:          ${rp.clientId} (${REGISTRATION_TEXT[rp.registration]})`,
      `  private key:     ${rp.keyFile}`,
      `  open ${rp.url}/ and sign in (demo resident 2804195602, PIN 736204)`,
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    rp.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('demo-rp: error while shutting down:', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  if (err instanceof DemoRpError) {
    console.error(`demo-rp: ${err.message}`);
    process.exit(2);
  }
  console.error('demo-rp: failed to start:', err);
  process.exit(1);
});
