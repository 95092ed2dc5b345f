// The kiosk's page settings survive the trip through the renderer's command line, and nothing
// malformed on it becomes a setting.
import { describe, expect, it } from 'vitest';
import { IDLE_SECONDS_SWITCH, kioskPageSettingsFrom, kioskPageSwitches } from './kiosk-page-settings.js';

describe('kiosk page settings', () => {
  it('carries the idle timeout from the main process to the preload', () => {
    for (const idleSeconds of [0, 1, 90, 3600]) {
      const argv = ['/opt/signet-kiosk/kiosk', '--type=renderer', ...kioskPageSwitches({ idleSeconds })];
      expect(kioskPageSettingsFrom(argv)).toEqual({ idleSeconds });
    }
  });

  it('gives no setting for a missing, malformed or out-of-range switch', () => {
    expect(kioskPageSwitches({})).toEqual([]);
    expect(kioskPageSwitches({ idleSeconds: 3601 })).toEqual([]);
    for (const value of ['', '-1', '1.5', '3601', '90s', '0x10', '99999'])
      expect(kioskPageSettingsFrom([`${IDLE_SECONDS_SWITCH}=${value}`])).toEqual({});
    expect(kioskPageSettingsFrom(['--type=renderer'])).toEqual({});
  });
});
