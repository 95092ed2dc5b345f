// The demo relying party's error catalogue: a stable code per failure and a message that says
// what to do about it. main.ts prints the message and exits; nothing matches on message text.

export const DEMO_RP_ERRORS = {
  invalid_option: 'A setting is not valid.',
  admin_token_missing: 'No admin token to register the demo relying party with.',
  admin_token_rejected: 'The server refused the admin token.',
  admin_api_disabled: 'The server has no admin token configured, so its client-management API is disabled.',
  server_unreachable: 'The Signet server cannot be reached.',
  not_a_signet_server: 'The server did not answer like a Signet server.',
  registration_conflict: 'The client is registered with settings the demo relying party will not change.',
  registration_failed: 'The server refused to register the demo relying party.',
  key_file_invalid: 'The stored key pair cannot be used.',
  key_file_unsafe: 'The stored private key is readable by other users.',
  port_in_use: 'The port is already in use.',
  discovery_failed: 'The OpenID Connect discovery document could not be loaded.',
} as const;

export type DemoRpErrorCode = keyof typeof DEMO_RP_ERRORS;

/** A failure to start, with a stable code and a human message. */
export class DemoRpError extends Error {
  constructor(
    readonly code: DemoRpErrorCode,
    message: string = DEMO_RP_ERRORS[code],
  ) {
    super(message);
    this.name = 'DemoRpError';
  }
}
