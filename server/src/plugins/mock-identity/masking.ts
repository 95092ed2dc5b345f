// Masks the contact details an OTP was sent to in the log and the dev outbox: enough for an
// operator to recognise an address, not enough to learn it. What send-otp answers the resident
// has one shape for everybody instead (otp-masks.ts).

/** `sokha.chan@example.org` → `soXXXXXXXX@example.org` (at most 2 leading characters, a third of the local part). */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return 'X'.repeat(email.length);
  const local = email.slice(0, at);
  const shown = Math.min(2, Math.floor(local.length / 3));
  return local.slice(0, shown) + 'X'.repeat(local.length - shown) + email.slice(at);
}

/** `+85512345601` → `+XXXXXXXX601` (the last 3 digits). */
export function maskPhone(phone: string): string {
  const plus = phone.startsWith('+') ? '+' : '';
  const digits = phone.slice(plus.length);
  const shown = digits.length > 6 ? 3 : 0;
  return plus + 'X'.repeat(digits.length - shown) + digits.slice(digits.length - shown);
}
