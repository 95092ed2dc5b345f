// The login app tells the kiosk when a resident's sign-in ends, with the reason, and never waits on a
// failure to leave; in an ordinary browser it tells nobody.
import { describe, expect, it } from 'vitest';
import type { KioskApi } from '@signet-kiosk/shared/kiosk';
import { residentDone } from './resident-done.js';

describe('residentDone', () => {
  it('asks the main process to clear the window, with the reason', async () => {
    const asked: unknown[] = [];
    const resident: KioskApi['resident'] = {
      done: async (request) => {
        asked.push(request);
        return { ok: true, value: { cleared: true } };
      },
    };
    await residentDone({ resident }, 'left');
    await residentDone({ resident }, 'idle');
    expect(asked).toEqual([{ reason: 'left' }, { reason: 'idle' }]);
  });

  it('resolves when the main process fails, and when there is no kiosk', async () => {
    const failing: KioskApi['resident'] = { done: () => Promise.reject(new Error('the stand-in refused')) };
    await expect(residentDone({ resident: failing }, 'left')).resolves.toBeUndefined();
    await expect(residentDone(undefined, 'idle')).resolves.toBeUndefined();
    await expect(residentDone({}, 'idle')).resolves.toBeUndefined();
  });
});
