// One small icon per factor (and per biometric modality), drawn inline: no image requests.
import type { AuthFactorType } from '@signet-kiosk/shared/esignet';

const PATHS: Record<string, string> = {
  PIN: 'M5 9h14v10H5zM8 9V7a4 4 0 0 1 8 0v2M9 14h.01M12 14h.01M15 14h.01',
  PWD: 'M5 11h14v9H5zM8 11V7a4 4 0 0 1 8 0v4M12 15v2',
  OTP: 'M7 3h10v18H7zM10 18h4M10 7h4M10 10.5h4',
  KBI: 'M9.5 9a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.6V14M12 17.5h.01M4 12a8 8 0 1 0 16 0 8 8 0 0 0-16 0',
  // Biometrics in general (the device not known yet): a scanning frame, not one modality's picture.
  BIO: 'M4 8V5a1 1 0 0 1 1-1h3M16 4h3a1 1 0 0 1 1 1v3M20 16v3a1 1 0 0 1-1 1h-3M8 20H5a1 1 0 0 1-1-1v-3M9 12a3 3 0 1 0 6 0 3 3 0 0 0-6 0',
  Finger:
    'M8 20c-1.5-2-2.5-4.5-2.5-7a6.5 6.5 0 0 1 13 0M11 20c-1-1.8-1.5-4-1.5-6a2.5 2.5 0 0 1 5 0c0 1.6.3 3 .9 4.4M12.5 14c0 2.3.6 4.4 1.8 6',
  Iris: 'M2 12s3.6-6 10-6 10 6 10 6-3.6 6-10 6S2 12 2 12zM12 9a3 3 0 1 1 0 6 3 3 0 0 1 0-6z',
  // The assisted kiosk: a screen on a stand, with a person beside it.
  ASSISTED: 'M3 4h11v8H3zM8.5 12v5M5.5 20h6M18.5 9a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM15.5 20v-4a3 3 0 0 1 6 0v4',
  Face: 'M12 3a7 8 0 1 0 0 16 7 8 0 0 0 0-16zM9 10h.01M15 10h.01M9.5 14.5c1.4 1 3.6 1 5 0',
};

export function FactorIcon({ type }: { type: AuthFactorType | 'Finger' | 'Iris' | 'Face' | 'ASSISTED' }) {
  const d = PATHS[type] ?? PATHS.KBI!;
  return (
    <svg class="factor-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={d} fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  );
}
