// display: accepted when it is one of the values OIDC defines (the login UI adapts on its own).
import { reject, type AuthorizationCheckState } from './check-state.js';

const DISPLAYS = new Set(['page', 'popup', 'touch', 'wap']);

export function checkDisplay(state: AuthorizationCheckState): void {
  const display = state.params.display;
  if (display !== undefined && !DISPLAYS.has(display))
    throw reject(state, 'invalid_request', 'display has an unknown value', 'invalid_request');
}
