// max_age: seconds, a non-negative integer (at most nine digits, so it stays a safe number).
import { reject, type AuthorizationCheckState } from './check-state.js';

export function checkMaxAge(state: AuthorizationCheckState): void {
  const maxAge = state.params.max_age;
  if (maxAge === undefined) return;
  if (!/^\d{1,9}$/.test(maxAge))
    throw reject(state, 'invalid_request', 'max_age must be a non-negative integer', 'invalid_request');
  state.maxAge = Number(maxAge);
}
