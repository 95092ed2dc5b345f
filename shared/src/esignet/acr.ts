// ACR values eSignet defines, the factors each needs, and the challenge formats per factor.

export const AUTH_FACTOR_TYPES = ['OTP', 'PIN', 'BIO', 'PWD', 'KBI', 'WLA', 'IDT'] as const;
export type AuthFactorType = (typeof AUTH_FACTOR_TYPES)[number];

export interface AuthFactor {
  type: AuthFactorType;
  count: number;
  subTypes: string[] | null;
}

/** ACR value → the alternatives (outer) of AND-sets (inner) of factors it needs. */
export const ACR_FACTORS: Record<string, AuthFactor[][]> = {
  'mosip:idp:acr:generated-code': [[{ type: 'OTP', count: 0, subTypes: null }]],
  'mosip:idp:acr:static-code': [[{ type: 'PIN', count: 0, subTypes: null }]],
  'mosip:idp:acr:biometrics': [[{ type: 'BIO', count: 1, subTypes: null }]],
  'mosip:idp:acr:password': [[{ type: 'PWD', count: 0, subTypes: null }]],
  'mosip:idp:acr:knowledge': [[{ type: 'KBI', count: 0, subTypes: null }]],
  'mosip:idp:acr:linked-wallet': [[{ type: 'WLA', count: 0, subTypes: null }]],
  'mosip:idp:acr:id-token': [[{ type: 'IDT', count: 0, subTypes: null }]],
};

/** The `amr` value (RFC 8176 where one exists) reported for each factor. */
export const FACTOR_AMR: Record<AuthFactorType, string> = {
  OTP: 'otp',
  PIN: 'pin',
  BIO: 'fpt',
  PWD: 'pwd',
  KBI: 'kba',
  WLA: 'swk',
  IDT: 'user',
};

/** Challenge format and length rules per factor (eSignet's defaults). */
export const CHALLENGE_FORMATS: Record<AuthFactorType, { format: string; pattern: RegExp }> = {
  OTP: { format: 'alpha-numeric', pattern: /^[A-Za-z0-9]{6}$/ },
  PIN: { format: 'number', pattern: /^[0-9]{6}$/ },
  PWD: { format: 'alpha-numeric', pattern: /^[\x20-\x7e]{8,30}$/ },
  BIO: { format: 'encoded-json', pattern: /^[A-Za-z0-9+/=_-]{500,500000}$/ },
  KBI: { format: 'base64url-encoded-json', pattern: /^[A-Za-z0-9_-]{2,10000}={0,2}$/ },
  WLA: { format: 'jwt', pattern: /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/ },
  IDT: { format: 'jwt', pattern: /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/ },
};
