// The kiosk configuration: defaults filled in, every bad setting named, and every key documented
// in docs/configuration.md.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { KIOSK_OPERATOR_REDIRECT_URI, KioskConfigSchema, loadKioskConfig, parseKioskConfig } from './kiosk-config.js';

const MINIMAL = { serverUrl: 'https://id.signet.test', kiosk: { id: 'central-post', name: 'Central Post Office' } };

/** Every leaf key of an object schema, dotted, through defaults and optionals. */
function leafKeys(schema: z.ZodType, prefix = ''): string[] {
  let s: z.ZodType = schema;
  while (s instanceof z.ZodDefault || s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
  if (!(s instanceof z.ZodObject)) return [prefix.slice(0, -1)];
  return Object.entries(s.shape).flatMap(([key, value]) => leafKeys(value as z.ZodType, `${prefix}${key}.`));
}

describe('the kiosk configuration', () => {
  it('fills in the defaults of a minimal file', () => {
    const config = parseKioskConfig(JSON.stringify(MINIMAL));
    expect(config).toMatchObject({
      serverUrl: 'https://id.signet.test',
      startUrls: [],
      kiosk: { id: 'central-post', redirectUris: [KIOSK_OPERATOR_REDIRECT_URI], residentIdleSeconds: 90 },
      devices: { ports: { min: 4501, max: 4600 }, discoveryTimeoutMs: 2000, cameraForFace: false },
    });
    expect(config.devices.requestedScore).toEqual({ Finger: 70, Iris: 70, Face: 70 });
  });

  it('names every bad setting at once', () => {
    let message = '';
    try {
      parseKioskConfig(
        JSON.stringify({
          serverUrl: 'http://id.signet.test',
          startUrls: ['ftp://rp.example.org'],
          kiosk: { id: 'Central Post', name: '', residentIdleSeconds: 7200 },
          devices: { ports: { min: 4600, max: 4501 }, camera: true },
        }),
        'kiosk.json',
      );
    } catch (err) {
      expect(err).toMatchObject({ code: 'invalid_config' });
      message = (err as Error).message;
    }
    for (const part of [
      'kiosk.json',
      'serverUrl',
      'startUrls',
      'kiosk.id',
      'kiosk.name',
      'kiosk.residentIdleSeconds',
      'min must not exceed max',
      'camera',
    ])
      expect(message).toContain(part);
  });

  it('refuses a file that is not JSON, and one that cannot be read', async () => {
    expect(() => parseKioskConfig('{serverUrl:', 'kiosk.json')).toThrow(/kiosk\.json is not JSON/);
    const dir = await mkdtemp(path.join(tmpdir(), 'kiosk-config-'));
    try {
      await expect(loadKioskConfig(path.join(dir, 'missing.json'))).rejects.toMatchObject({ code: 'invalid_config' });
      await writeFile(path.join(dir, 'kiosk.json'), JSON.stringify(MINIMAL));
      expect((await loadKioskConfig(path.join(dir, 'kiosk.json'))).kiosk.name).toBe('Central Post Office');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('accepts the example file the README runs the kiosk with', async () => {
    const config = await loadKioskConfig(path.resolve(import.meta.dirname, '../../kiosk.example.json'));
    expect(config).toMatchObject({ serverUrl: 'http://127.0.0.1:8088', kiosk: { id: 'demo-kiosk' } });
  });

  it('is documented key for key in docs/configuration.md', () => {
    const doc = readFileSync(path.resolve(import.meta.dirname, '../../../docs/configuration.md'), 'utf8');
    const section = /^## The kiosk\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(doc)?.[1] ?? '';
    const keys = leafKeys(KioskConfigSchema);
    expect(keys).toEqual(expect.arrayContaining(['serverUrl', 'devices.ports.min', 'devices.requestedScore.Face']));
    expect(keys.filter((k) => !section.includes(`\`${k}\``))).toEqual([]);
    expect(section).toContain('`SIGNET_KIOSK_CONFIG`');
  });
});
