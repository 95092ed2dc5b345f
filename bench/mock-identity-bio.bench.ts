// Benchmark of the ID system's part of a BIO sign-in, per capture: decode the challenge, open the
// capture (thumbprint, RSA-OAEP unwrap, AES-GCM decrypt, hash chain, ISO record), match; and the
// whole kycAuth. Prints figures only. Run: npm run bench:bio-plugin
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import type { BioType } from '@signet-kiosk/shared/sbi';
import {
  capturesMatch,
  openCaptures,
  parseBioChallenge,
  type BioSubmission,
  type OpenedCapture,
  BioTemplates,
  bioChallenge,
  createTestDevice,
  deviceCaptures,
  openDatabase,
  openEncryptionKey,
  ResidentStore,
  readSeed,
} from '@signet-kiosk/server/bench';
import { createMockIdentity, FAST_SCRYPT, tempContext } from '@signet-kiosk/server/testing';

const DURATION_MS = Number(process.env.BIO_BENCH_MS ?? 1500);
const CHALLENGES = 100;
const residents = readSeed();
const logger = pino({ level: 'silent' });

/** CPU time of this process (user + system), µs: on a busy machine wall time says more about the neighbours. */
const cpuMicros = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

/** Runs `fn` over the inputs round-robin for about DURATION_MS of wall time; returns CPU µs per call. */
async function time<T>(inputs: readonly T[], fn: (x: T) => unknown): Promise<number> {
  for (const x of inputs) await fn(x); // warm-up
  let n = 0;
  const start = performance.now();
  const cpu = cpuMicros();
  while (performance.now() - start < DURATION_MS) await fn(inputs[n++ % inputs.length]!);
  return (cpuMicros() - cpu) / n;
}

const dir = mkdtempSync(path.join(tmpdir(), 'bio-bench-'));
const ctx = tempContext();
try {
  const db = openDatabase(dir);
  const store = new ResidentStore(db, FAST_SCRYPT);
  await store.seedOnce(residents);
  const templates = new BioTemplates(db);
  templates.enrolMissing();
  const keySlot = openEncryptionKey(dir, logger);
  const key = await keySlot.ready;
  const plugin = await createMockIdentity(ctx, { scrypt: FAST_SCRYPT });
  const pluginCert = await plugin.encryptionCertificate();
  const device = await createTestDevice();

  const cases: [string, BioType, string][] = [
    ['finger, named', 'Finger', 'Left IndexFinger'],
    ['finger, UNKNOWN (best of 10)', 'Finger', 'UNKNOWN'],
    ['iris, named', 'Iris', 'Left'],
    ['face', 'Face', ''],
  ];
  process.stdout.write(
    `ID system BIO path, one capture per challenge, quality 80, ${CHALLENGES} distinct challenges, ~${DURATION_MS} ms per figure, CPU µs per capture\n`,
  );
  process.stdout.write(
    'case                            decode µs  open µs  match µs  plugin part µs  (≙ /s)  kycAuth µs (≙ /s)\n',
  );
  for (const [label, type, subType] of cases) {
    const build = async (cert: typeof pluginCert, i: number) => {
      const seed = residents[i % residents.length]!.individualId;
      const { items } = await deviceCaptures(
        device,
        { transactionId: `bench${String(i).padStart(5, '0')}`, encryptionCertificate: cert },
        [{ seed, type, subType }],
      );
      return { individualId: seed, challenge: bioChallenge(items) };
    };
    const direct = await Promise.all(Array.from({ length: CHALLENGES }, (_, i) => build(key.certificate, i)));
    const viaPlugin = await Promise.all(Array.from({ length: CHALLENGES }, (_, i) => build(pluginCert, i)));

    const decode = await time(direct, (c) => parseBioChallenge(c.challenge.challenge));
    const parsed = direct.map((c) => ({
      individualId: c.individualId,
      submissions: parseBioChallenge(c.challenge.challenge) as BioSubmission[],
    }));
    const open = await time(parsed, (p) => openCaptures(key, p.submissions));
    const opened = parsed.map((p) => ({
      individualId: p.individualId,
      captures: openCaptures(key, p.submissions) as OpenedCapture[],
    }));
    if (!opened.every((o) => capturesMatch(templates, o.individualId, o.captures)))
      throw new Error(`${label}: a genuine capture did not match`);
    const match = await time(opened, (o) => capturesMatch(templates, o.individualId, o.captures));
    const whole = await time(viaPlugin, async (c) => {
      const r = await plugin.kycAuth({
        transactionId: 't',
        clientId: 'c',
        relyingPartyId: 'r',
        individualId: c.individualId,
        challenges: [c.challenge],
      });
      if (!r.ok) throw new Error(`${label}: ${r.message}`);
    });
    const part = decode + open + match;
    const row = [
      label.padEnd(30),
      decode.toFixed(0).padStart(9),
      open.toFixed(0).padStart(8),
      match.toFixed(0).padStart(9),
      part.toFixed(0).padStart(15),
      `(${Math.round(1e6 / part)})`.padStart(8),
      whole.toFixed(0).padStart(11),
      `(${Math.round(1e6 / whole)})`,
    ];
    process.stdout.write(`${row.join(' ')}\n`);
  }
  keySlot.close();
  db.close();
  await plugin.close?.();
} finally {
  rmSync(dir, { recursive: true, force: true });
  ctx.cleanup();
}
