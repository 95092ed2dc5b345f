// What an SBI trust issue is about. The rules in this folder and the bridge's verdicts give every
// issue one, so that callers group issues and pick error codes by it — never by the text of an
// issue's code or message.

/** Each category and what it covers. */
export const TRUST_CATEGORIES = {
  signature: 'A JWS does not verify, or is not an RS256 JWS with an x5c certificate.',
  certificate: 'A certificate does not chain to a trusted CA, or is outside its validity dates.',
  certification: 'The device’s certification level does not allow this use (L0 for authentication).',
  registration: 'The device is not registered, or gave no signed device information.',
  binding: 'The signer or the signed identity is not the device announced or named by the digitalId.',
  payload: 'A signed payload or digitalId is not what the SBI specification describes.',
  transaction: 'The capture was not made for this transaction.',
  purpose: 'The device or capture has another purpose than the one allowed.',
  domain: 'The capture was made for another domain.',
  env: 'The device is registered in another environment.',
  origin: 'The capture names another requesting origin.',
  modality: 'Biometric types, subtypes or counts that do not fit the request or the device.',
  timestamp: 'A timestamp is malformed, outside its window, or out of order.',
  'hash-chain': 'The hashes do not chain over the biometric records.',
  encryption: 'The capture was not encrypted for the ID system, or does not decrypt.',
} as const;

export type TrustCategory = keyof typeof TRUST_CATEGORIES;

/** What every rule of this folder returns for a broken rule: which rule, and its category. */
export interface RuleIssue<Rule extends string = string> {
  rule: Rule;
  category: TrustCategory;
}
