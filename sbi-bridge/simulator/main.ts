// Runs the reference SBI device service: `npm run simulator` (tsx sbi-bridge/simulator/main.ts),
// configured by SBI_SIM_* environment variables (see config.ts and README.md). A setting it cannot
// start with is one message on stderr and exit code 2, as for the server.
import { z } from 'zod';
import { SimulatorConfigError, simulatorConfigFromEnv, TEST_ONLY_ENCRYPTION, type SimulatorConfig } from './config.js';
import { EncryptionCertificateError } from './encryption-cert.js';
import { startSimulator, type RunningSimulator } from './server.js';

function refuseToStart(err: unknown): never {
  if (err instanceof z.ZodError) {
    console.error(`sbi-simulator: bad setting:\n${z.prettifyError(err)}`);
  } else if (err instanceof SimulatorConfigError || err instanceof EncryptionCertificateError) {
    console.error(`sbi-simulator: ${err.message}`);
  } else {
    throw err;
  }
  process.exit(2);
}

let config: SimulatorConfig;
let sim: RunningSimulator;
try {
  config = simulatorConfigFromEnv(process.env);
  sim = await startSimulator(config);
} catch (err) {
  refuseToStart(err);
}
console.log(`SBI simulator listening on ${sim.url} (env ${config.env}, PKI in ${config.dataDir}/pki)`);
console.log(
  `Trust anchors: ${config.dataDir}/pki/device-provider-ca.crt.pem (device), ${config.dataDir}/pki/ftm-ca.crt.pem (FTM)`,
);
console.log(
  `Encrypting for: ${sim.encryptionCertificate.subject.replaceAll('\n', ', ')} (${config.encryptionCertificate ?? `SBI_SIM_ENCRYPTION_CERT=${TEST_ONLY_ENCRYPTION}: the test certificate in the data folder, which no ID system can decrypt`})`,
);
console.log(
  `Presenting: ${sim.config.presented ?? 'nobody'}; admin API: ${sim.url}/admin/state (see sbi-bridge/simulator/README.md)`,
);

const running = sim;
const stop = () => {
  void running.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
