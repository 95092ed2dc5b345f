// Runs the reference SBI device service: `npm run simulator` (tsx sbi-bridge/simulator/main.ts),
// configured by SBI_SIM_* environment variables (see config.ts and README.md).
import { simulatorConfigFromEnv } from './config.js';
import { EncryptionCertificateError } from './encryption-cert.js';
import { startSimulator } from './server.js';

const config = simulatorConfigFromEnv(process.env);
let sim;
try {
  sim = await startSimulator(config);
} catch (err) {
  if (!(err instanceof EncryptionCertificateError)) throw err;
  console.error(err.message);
  process.exit(1);
}
console.log(`SBI simulator listening on ${sim.url} (env ${config.env}, PKI in ${config.dataDir}/pki)`);
console.log(`Trust anchors: ${config.dataDir}/pki/device-provider-ca.crt.pem (device), ${config.dataDir}/pki/ftm-ca.crt.pem (FTM)`);
console.log(`Encrypting for: ${sim.encryptionCertificate.subject.replaceAll('\n', ', ')} (${config.encryptionCertificate ?? 'test certificate in the data folder'})`);
console.log(`Presenting: ${sim.config.presented ?? 'nobody'}; admin API: ${sim.url}/admin/state (see sbi-bridge/simulator/README.md)`);

const running = sim;
const stop = () => {
  void running.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
