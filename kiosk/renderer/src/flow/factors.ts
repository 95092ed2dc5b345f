// The factor sets the app can collect, and what each factor's challenge looks like on the wire.
import { CHALLENGE_FORMATS, type AuthFactorType, type OAuthDetailsResponse } from '@signet-kiosk/shared/esignet';

/** Factors this app collects; WLA (wallet) and IDT (ID token) need another app. */
export const APP_FACTORS: ReadonlySet<AuthFactorType> = new Set(['PIN', 'PWD', 'OTP', 'KBI', 'BIO']);

/** The transaction's alternatives this app can offer, in the client's order. */
export function usableAlternatives(details: Pick<OAuthDetailsResponse, 'authFactors'>): AuthFactorType[][] {
  return details.authFactors
    .map((set) => set.map((f) => f.type))
    .filter((set) => set.length > 0 && set.every((t) => APP_FACTORS.has(t)));
}

export const challengeFormat = (type: AuthFactorType): string => CHALLENGE_FORMATS[type].format;
export const challengeValid = (type: AuthFactorType, value: string): boolean =>
  CHALLENGE_FORMATS[type].pattern.test(value);

/** configs may carry a list as a comma-separated string. */
export const configList = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * Whether "verify at an assisted kiosk" is offered: an operator's kiosk captures biometrics, so the
 * transaction must accept biometrics alone as one of its ways (as the server's link-code checks).
 */
export const offersAssisted = (alternatives: readonly (readonly AuthFactorType[])[]): boolean =>
  alternatives.some((set) => set.length > 0 && set.every((t) => t === 'BIO'));
