// The test fixture's port blocks: apart per file, and never holding a port that fetch refuses (a
// block starting at 10080 once made all of bridge.test.ts fail in one run out of about fifty).
import { describe, expect, it } from 'vitest';
import { FETCH_BLOCKED_PORTS, PORT_BLOCK_REGION, portBlock } from './simulator-fixture.js';

/** Whether fetch refuses `port` outright; 127.0.0.2, where no test listens, refuses the rest at once. */
async function fetchRefusesPort(port: number): Promise<boolean> {
  const err = await fetch(`http://127.0.0.2:${port}/`).then(
    () => undefined,
    (e: unknown) => e,
  );
  return (err as { cause?: { message?: string } } | undefined)?.cause?.message === 'bad port';
}

describe('portBlock', () => {
  it('knows every port of its region that fetch refuses', async () => {
    const refused: number[] = [];
    for (let from = PORT_BLOCK_REGION.min; from <= PORT_BLOCK_REGION.max; from += 500) {
      const ports = Array.from({ length: Math.min(500, PORT_BLOCK_REGION.max - from + 1) }, (_, i) => from + i);
      const verdicts = await Promise.all(ports.map(fetchRefusesPort));
      refused.push(...ports.filter((_, i) => verdicts[i]));
    }
    expect(refused).toEqual(FETCH_BLOCKED_PORTS);
  });

  it('never hands out a block holding one, and keeps files apart', () => {
    for (let fileIndex = 0; fileIndex < 10; fileIndex++) {
      for (let i = 0; i < 1_000; i++) {
        const { min, max } = portBlock(fileIndex);
        expect(max - min).toBe(19);
        expect(min).toBeGreaterThanOrEqual(PORT_BLOCK_REGION.min + fileIndex * 1_000);
        expect(max).toBeLessThan(PORT_BLOCK_REGION.min + (fileIndex + 1) * 1_000);
        expect(FETCH_BLOCKED_PORTS.filter((port) => port >= min && port <= max)).toEqual([]);
      }
    }
  });
});
