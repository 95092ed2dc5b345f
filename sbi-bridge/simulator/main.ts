// Runs the reference SBI device service: `tsx sbi-bridge/simulator/main.ts`, configured by SBI_SIM_*
// environment variables (see config.ts).
import { simulatorConfigFromEnv } from './config.js';
import { startSimulator } from './server.js';

const config = simulatorConfigFromEnv(process.env);
const sim = await startSimulator(config);
console.log(`SBI simulator listening on ${sim.url} (env ${config.env}, PKI in ${config.dataDir}/pki)`);
console.log(`Trust anchors: ${config.dataDir}/pki/device-provider-ca.crt.pem (device), ${config.dataDir}/pki/ftm-ca.crt.pem (FTM)`);

const stop = () => {
  void sim.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
