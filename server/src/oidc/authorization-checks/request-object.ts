// Request objects (`request`, `request_uri`) are refused, never silently ignored: a client that
// sends one expects its parameters to win over the query's.
import { reject, type AuthorizationCheckState } from './check-state.js';

export function checkRequestObject(state: AuthorizationCheckState): void {
  if (state.params.request !== undefined)
    throw reject(state, 'request_not_supported', 'the request parameter is not supported', 'invalid_request');
  if (state.params.request_uri !== undefined)
    throw reject(state, 'request_uri_not_supported', 'the request_uri parameter is not supported', 'invalid_request');
}
