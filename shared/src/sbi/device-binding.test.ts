// The certificate-subject binding rule on real certificates: serial number in serialNumber or CN,
// provider in O, each exactly once and exactly equal; escaped characters stay inside their value.
import { beforeAll, describe, expect, it } from 'vitest';
import { certificateSubject, describeMismatch, subjectBindingMismatch } from './device-binding.js';
import { createTestCa, issueTestCertificate, type TestKeyPair } from './test-pki.js';

const DEVICE = { serialNo: 'SIM-FNG-0001', deviceProvider: 'Signet Simulated Devices' };
let ca: TestKeyPair;
const subjectOf = async (dn: string) =>
  certificateSubject((await issueTestCertificate(ca, { subject: dn })).certificate);

beforeAll(async () => {
  ca = await createTestCa({ subject: 'CN=Binding Test CA' });
});

describe('subjectBindingMismatch', () => {
  it('accepts a subject naming the serial number (CN) and the provider (O)', async () => {
    expect(
      subjectBindingMismatch(await subjectOf('CN=SIM-FNG-0001, OU=Device, O=Signet Simulated Devices'), DEVICE),
    ).toBeUndefined();
  });

  it('names what differs: another device’s serial number, another or no provider', async () => {
    const slap = subjectBindingMismatch(
      await subjectOf('CN=SIM-SLP-0001, OU=Device, O=Signet Simulated Devices'),
      DEVICE,
    );
    expect(slap).toEqual({ field: 'serialNo', attribute: 'CN', found: ['SIM-SLP-0001'] });
    expect(describeMismatch(slap!, DEVICE)).toBe(
      'the digitalId names serialNo "SIM-FNG-0001"; the certificate\'s CN is "SIM-SLP-0001"',
    );
    expect(subjectBindingMismatch(await subjectOf('CN=SIM-FNG-0001, O=Other Devices'), DEVICE)).toEqual({
      field: 'deviceProvider',
      attribute: 'O',
      found: ['Other Devices'],
    });
    expect(subjectBindingMismatch(await subjectOf('CN=SIM-FNG-0001'), DEVICE)).toEqual({
      field: 'deviceProvider',
      attribute: 'O',
      found: [],
    });
    expect(subjectBindingMismatch(await subjectOf('CN=sim-fng-0001, O=Signet Simulated Devices'), DEVICE)?.field).toBe(
      'serialNo',
    );
  });

  it('takes the serialNumber attribute over CN when there is one', async () => {
    expect(
      subjectBindingMismatch(
        await subjectOf('2.5.4.5=SIM-FNG-0001, CN=Fingerprint scanner, O=Signet Simulated Devices'),
        DEVICE,
      ),
    ).toBeUndefined();
    expect(
      subjectBindingMismatch(
        await subjectOf('2.5.4.5=SIM-FNG-0002, CN=SIM-FNG-0001, O=Signet Simulated Devices'),
        DEVICE,
      ),
    ).toMatchObject({ attribute: 'serialNumber' });
  });

  it('refuses two serial numbers or two providers, and never reads an escaped character as a boundary', async () => {
    expect(
      subjectBindingMismatch(await subjectOf('CN=SIM-FNG-0001, CN=SIM-SLP-0001, O=Signet Simulated Devices'), DEVICE)
        ?.field,
    ).toBe('serialNo');
    expect(
      subjectBindingMismatch(await subjectOf('CN=SIM-FNG-0001, O=Signet Simulated Devices, O=Other'), DEVICE)?.field,
    ).toBe('deviceProvider');
    const forged = await subjectOf('CN=SIM-FNG-0001\\, O=Signet Simulated Devices, O=Other');
    expect(forged).toMatchObject({ CN: ['SIM-FNG-0001, O=Signet Simulated Devices'], O: ['Other'] });
    expect(subjectBindingMismatch(forged, DEVICE)?.field).toBe('serialNo');
    expect(
      subjectBindingMismatch(await subjectOf('CN=A\\, B, O=Signet Simulated Devices'), { ...DEVICE, serialNo: 'A, B' }),
    ).toBeUndefined();
  });
});
