// What a resident sees of judged devices: no registration devices, the untrusted ones with the
// codes of their error issues (not warnings; a device of an environment the server refuses too),
// technical facts in details only, and the order trusted → ready → L1 → modality.
import { describe, expect, it } from 'vitest';
import { VerdictBuilder, type DiscoveryEntry, type JudgedDevice, type TrustIssueCode } from '@signet-kiosk/shared/sbi';
import { byBestFirst, foundDeviceOf, type FoundDevice } from './device-views.js';

const ENDPOINT = 'http://127.0.0.1:4501';

function judged(
  over: {
    serialNo?: string;
    type?: 'Finger' | 'Face' | 'Iris';
    status?: DiscoveryEntry['deviceStatus'];
    certification?: 'L0' | 'L1';
    purpose?: DiscoveryEntry['purpose'];
    env?: 'Developer' | 'Production';
    issues?: [TrustIssueCode, ('error' | 'warning')?][];
  } = {},
): JudgedDevice {
  const v = new VerdictBuilder();
  for (const [code, severity] of over.issues ?? []) v.add(code, 'deviceInfo', undefined, severity ?? 'error');
  v.deviceCertificate = {
    subject: `CN=${over.serialNo ?? 'SIM-FNG-0001'}\nO=Signet Simulated Devices`,
    issuer: 'CN=CA',
    validFrom: '',
    validTo: '',
    fingerprint256: 'AA',
  };
  const entry = {
    deviceId: '1',
    deviceStatus: over.status ?? 'Ready',
    certification: over.certification ?? 'L1',
    serviceVersion: '0.9.5',
    deviceSubId: ['0'],
    callbackId: ENDPOINT,
    digitalId: '',
    specVersion: ['0.9.5'],
    purpose: over.purpose ?? 'Auth',
    error: { errorCode: '0', errorInfo: 'Success' },
  } satisfies DiscoveryEntry;
  const digitalId = {
    serialNo: over.serialNo ?? 'SIM-FNG-0001',
    make: 'Signet',
    model: 'SIM-F1',
    type: over.type ?? 'Finger',
    deviceSubType: 'Single' as const,
    deviceProvider: 'Signet Simulated Devices',
    deviceProviderId: 'signet.simulator',
    dateTime: '2026-11-21T12:00:00Z',
  };
  return {
    entry,
    digitalId,
    digitalIdVerified: true,
    verdict: v.build(),
    payload: { ...entry, firmware: '1.0', env: over.env ?? 'Developer' },
  };
}

const view = (j: JudgedDevice) => foundDeviceOf(ENDPOINT, j, ['Developer', 'Staging']);

describe('device views', () => {
  it('shows a trusted device with its facts behind details', () => {
    expect(view(judged())!.view).toEqual({
      key: `${ENDPOINT}#SIM-FNG-0001`,
      modality: 'Finger',
      subType: 'Single',
      status: 'Ready',
      trusted: true,
      issues: [],
      details: {
        endpoint: ENDPOINT,
        serialNo: 'SIM-FNG-0001',
        make: 'Signet',
        model: 'SIM-F1',
        provider: 'Signet Simulated Devices',
        certificateSubject: 'CN=SIM-FNG-0001, O=Signet Simulated Devices',
      },
    });
  });

  it('gives the error issues as why it is not trusted, warnings aside, and refuses an environment the server does not take', () => {
    const untrusted = view(
      judged({ issues: [['DEVICE_CERT_UNTRUSTED'], ['DEVICE_KEY_CHANGED', 'warning'], ['DIGITAL_ID_CERT_UNTRUSTED']] }),
    )!.view;
    expect([untrusted.trusted, untrusted.issues]).toEqual([
      false,
      ['DEVICE_CERT_UNTRUSTED', 'DIGITAL_ID_CERT_UNTRUSTED'],
    ]);
    expect(view(judged({ issues: [['ENV_MISMATCH', 'warning']] }))!.view.trusted).toBe(true);
    expect(view(judged({ env: 'Production' }))!.view).toMatchObject({ trusted: false, issues: ['ENV_MISMATCH'] });
  });

  it('leaves out registration devices and devices without a readable digitalId', () => {
    expect(view(judged({ purpose: 'Registration' }))).toBeUndefined();
    expect(view({ ...judged(), digitalId: undefined })).toBeUndefined();
  });

  it('orders trusted first, then ready, L1, modality and key', () => {
    const devices: FoundDevice[] = [
      view(judged({ serialNo: 'A-UNTRUSTED', issues: [['DEVICE_CERT_UNTRUSTED']] }))!,
      view(judged({ serialNo: 'B-BUSY', status: 'Busy' }))!,
      view(judged({ serialNo: 'C-IRIS', type: 'Iris' }))!,
      view(judged({ serialNo: 'D-L0', certification: 'L0', issues: [['L0_FOR_AUTH', 'warning']] }))!,
      view(judged({ serialNo: 'E-FACE', type: 'Face' }))!,
      view(judged({ serialNo: 'F-FINGER' }))!,
    ];
    expect(devices.sort(byBestFirst).map((d) => d.view.details.serialNo)).toEqual([
      'F-FINGER',
      'E-FACE',
      'C-IRIS',
      'D-L0',
      'B-BUSY',
      'A-UNTRUSTED',
    ]);
  });
});
