// docs/configuration.md cannot fall behind the code: every key of the server's, the simulator's
// and the demo relying party's zod schemas (walked through their defaults, optionals and
// transforms down to the leaves, as `ttl.authCode`), and every environment variable the server
// reads, is named in it in backticks.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { CONFIG_ENV_VARIABLES, ConfigSchema } from '@signet-kiosk/server';
import { SimulatorConfigSchema } from '@signet-kiosk/sbi-bridge/simulator';
import { DemoRpOptionsSchema } from '../demo/relying-party/options.js';
import { StartOptionsSchema } from '../demo/start/options.js';

const DOC = readFileSync(path.resolve(import.meta.dirname, '../docs/configuration.md'), 'utf8');

/** The object schema inside wrappers that do not change the keys (default, optional, nullable, transform pipes). */
function objectInside(schema: z.ZodType): z.ZodObject | undefined {
  let s: z.ZodType = schema;
  for (;;) {
    if (s instanceof z.ZodPipe) s = s.in as z.ZodType;
    else if (
      s instanceof z.ZodDefault ||
      s instanceof z.ZodPrefault ||
      s instanceof z.ZodOptional ||
      s instanceof z.ZodNullable
    )
      s = s.unwrap() as z.ZodType;
    else return s instanceof z.ZodObject ? s : undefined;
  }
}

/** Every leaf setting of a schema as a dotted path: `port`, `ttl.authCode`, `biometrics.domainUris`. */
function settingPaths(schema: z.ZodType, prefix = ''): string[] {
  const object = objectInside(schema);
  if (!object) throw new Error(`${prefix || 'the schema'} is not an object schema`);
  return Object.entries(object.shape).flatMap(([key, value]) =>
    objectInside(value as z.ZodType) ? settingPaths(value as z.ZodType, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

const unnamedIn = (doc: string, names: readonly string[]) => names.filter((name) => !doc.includes(`\`${name}\``));

describe('docs/configuration.md', () => {
  it("names every setting of the server's schema, and every environment variable the server reads", () => {
    const paths = settingPaths(ConfigSchema);
    expect(paths).toEqual(
      expect.arrayContaining([
        'port',
        'ttl.authCode',
        'limits.sharedSources',
        'biometrics.replayTtlSeconds',
        'signing.algs',
      ]),
    );
    expect(paths.length).toBeGreaterThan(40);
    expect(unnamedIn(DOC, paths)).toEqual([]);
    expect(CONFIG_ENV_VARIABLES).toEqual(
      expect.arrayContaining(['SIGNET_CONFIG_FILE', 'SIGNET_PORT', 'SIGNET_SBI_ENVS']),
    );
    expect(unnamedIn(DOC, CONFIG_ENV_VARIABLES)).toEqual([]);
  });

  it("names every setting of the SBI simulator's and the demo relying party's schemas", () => {
    const simulator = settingPaths(SimulatorConfigSchema);
    expect(simulator).toEqual(
      expect.arrayContaining(['portMin', 'delays.capture', 'quality.rampMs', 'allowedOrigins']),
    );
    expect(unnamedIn(DOC, simulator)).toEqual([]);
    const demo = settingPaths(DemoRpOptionsSchema);
    expect(demo).toEqual(expect.arrayContaining(['port', 'clientId', 'loginTtlSeconds']));
    expect(unnamedIn(DOC, demo)).toEqual([]);
  });

  it("names every setting of npm start's supervisor", () => {
    const start = settingPaths(StartOptionsSchema);
    expect(start).toEqual(expect.arrayContaining(['serverPort', 'sbiPorts.min', 'kiosk']));
    expect(unnamedIn(DOC, start)).toEqual([]);
  });

  it('would notice a setting it does not name', () => {
    const withNewKey = z
      .object({
        port: z.number(),
        ttl: z
          .object({ authCode: z.number(), newTimeout: z.number().default(5) })
          .default({ authCode: 60, newTimeout: 5 }),
      })
      .transform((c) => c);
    expect(unnamedIn(DOC, settingPaths(withNewKey))).toEqual(['ttl.newTimeout']);
  });
});
