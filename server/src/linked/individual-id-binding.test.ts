// The link code's binding to the resident's ID, with the server's real pairwise salt: a keyed hash
// of the normal form, matched in that form, nothing bound when the resident's device sent no ID.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/start-test-server.js';
import { individualIdBinding, isBoundIndividual } from './individual-id-binding.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('the individual ID binding', () => {
  it('is a keyed hash, not the ID nor its plain digest', () => {
    const binding = individualIdBinding(server.ctx, '2804195602');
    expect(binding).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(binding).not.toContain('2804195602');
    expect(binding).not.toBe(server.ctx.subjects.sub('urn:signet-kiosk:attempt-limits', '2804195602'));
  });

  it('holds the kiosk to the bound ID in its normal form', () => {
    const binding = individualIdBinding(server.ctx, ' 2804 195602');
    expect(isBoundIndividual(server.ctx, binding, '2804195602')).toBe(true);
    expect(isBoundIndividual(server.ctx, binding, '２８０４１９５６０２')).toBe(true);
    expect(isBoundIndividual(server.ctx, binding, '2804195601')).toBe(false);
    expect(isBoundIndividual(server.ctx, binding, '28041956020')).toBe(false);
  });

  it('binds nothing when the resident’s device sent no ID (eSignet’s own clients)', () => {
    expect(isBoundIndividual(server.ctx, undefined, 'any-id')).toBe(true);
  });
});
