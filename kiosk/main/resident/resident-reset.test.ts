// A resident's end in the kiosk window: `left` clears the server's origin only and stays; `idle`
// clears everything, then goes home.
import { describe, expect, it } from 'vitest';
import { ResidentReset } from './resident-reset.js';

function recording() {
  const steps: string[] = [];
  const reset = new ResidentReset({
    serverOrigin: 'https://id.signet.test',
    homeUrl: () => 'https://rp.signet.test/start',
    browsing: {
      clear: async ({ origin }) => void steps.push(`clear ${origin ?? 'everything'}`),
      navigate: (url) => void steps.push(`go ${url}`),
    },
  });
  return { reset, steps };
}

describe('ResidentReset', () => {
  it("clears the server's cookies and storage when the login app hands the resident to the relying party", async () => {
    const { reset, steps } = recording();
    await reset.done('left');
    expect(steps).toEqual(['clear https://id.signet.test']);
  });

  it('clears everything, then sends the window home, when the resident walked away', async () => {
    const { reset, steps } = recording();
    await reset.done('idle');
    expect(steps).toEqual(['clear everything', 'go https://rp.signet.test/start']);
  });
});
