// Permissions are denied by default; the camera is granted only for face capture where configured.
import { describe, expect, it } from 'vitest';
import { PermissionPolicy } from './permission-policy.js';

const SERVER = 'https://id.signet.test';
const ask = (permission: string, over: Record<string, unknown> = {}) => ({
  permission,
  requestingOrigin: SERVER,
  isMainFrame: true,
  ...over,
});

describe('PermissionPolicy', () => {
  const withCamera = new PermissionPolicy({ cameraOrigins: [SERVER, 'app://kiosk'], cameraForFace: true });
  const withoutCamera = new PermissionPolicy({ cameraOrigins: [SERVER], cameraForFace: false });

  it.each([
    'geolocation',
    'notifications',
    'clipboard-read',
    'clipboard-sanitized-write',
    'midi',
    'midiSysex',
    'pointerLock',
    'fullscreen',
    'openExternal',
    'hid',
    'serial',
    'usb',
    'fileSystem',
    'display-capture',
    'unknown-future-permission',
  ])('denies %s, even where the camera is allowed', (permission) => {
    expect(withCamera.decide(ask(permission))).toBe(false);
  });

  it('denies the camera when no face device needs it', () => {
    expect(withoutCamera.decide(ask('media', { mediaTypes: ['video'] }))).toBe(false);
  });

  it('grants video alone to the main frame of an allowed origin when face capture uses the camera', () => {
    expect(withCamera.decide(ask('media', { mediaTypes: ['video'] }))).toBe(true);
    expect(withCamera.decide(ask('media', { mediaTypes: ['video'], requestingOrigin: 'app://kiosk' }))).toBe(true);
  });

  it.each([
    ['the microphone', { mediaTypes: ['audio'] }],
    ['camera and microphone', { mediaTypes: ['video', 'audio'] }],
    ['media of unknown kind', {}],
    ['an iframe', { mediaTypes: ['video'], isMainFrame: false }],
    ['a relying party', { mediaTypes: ['video'], requestingOrigin: 'https://rp.example.org' }],
  ])('denies %s', (_, over) => {
    expect(withCamera.decide(ask('media', over))).toBe(false);
  });
});
