// The authorization code flow only: response_type=code, answered in the query.
import { reject, type AuthorizationCheckState } from './check-state.js';

export function checkResponseType(state: AuthorizationCheckState): void {
  const { response_type, response_mode } = state.params;
  if (response_type !== 'code')
    throw reject(state, 'unsupported_response_type', 'response_type must be code', 'invalid_response_type');
  if (response_mode !== undefined && response_mode !== 'query')
    throw reject(state, 'invalid_request', 'response_mode must be query', 'invalid_request');
}
