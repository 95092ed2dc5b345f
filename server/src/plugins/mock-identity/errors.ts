// The mock-identity plugin's own error catalogue (its admin API and internal failures): stable
// codes, HTTP status, human message. Authentication outcomes use the SPI's eSignet codes instead.

export const MOCK_IDENTITY_ERRORS = {
  demo_residents_present: {
    status: 500,
    message:
      'The data folder holds the demo residents, whose PINs are published; outside demo mode they must not sign in.',
  },
  duplicate_individual_id: { status: 409, message: 'An identity with this individualId already exists.' },
  encryption_key_unavailable: { status: 503, message: "The ID system's SBI encryption key is not available." },
  identity_not_found: { status: 404, message: 'No identity with this individualId.' },
  invalid_identity: { status: 400, message: 'The identity data is not valid.' },
  invalid_options: { status: 500, message: "The plugin's options are not valid." },
  invalid_kyc_token: {
    status: 401,
    message: 'The KYC token is unknown, expired, or was issued for another individual.',
  },
  invalid_seed: { status: 500, message: 'The residents seed file is not valid.' },
  method_not_allowed: { status: 405, message: 'This path answers GET only.' },
  not_found: { status: 404, message: 'Not found.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type MockIdentityErrorCode = keyof typeof MOCK_IDENTITY_ERRORS;

/** An error of the mock-identity plugin; its admin API answers it in the eSignet envelope. */
export class MockIdentityError extends Error {
  readonly status: number;
  constructor(
    readonly errorCode: MockIdentityErrorCode,
    message?: string,
  ) {
    super(message ?? MOCK_IDENTITY_ERRORS[errorCode].message);
    this.status = MOCK_IDENTITY_ERRORS[errorCode].status;
  }
}
