// prompt: values OIDC defines; `none` alone, as it forbids every interaction the others ask for.
import { spaceSeparated } from '../authorization-params.js';
import { reject, type AuthorizationCheckState } from './check-state.js';

const PROMPTS = new Set(['none', 'login', 'consent', 'select_account']);

export function checkPrompt(state: AuthorizationCheckState): void {
  const prompt = spaceSeparated(state.params.prompt);
  if (prompt.some((p) => !PROMPTS.has(p)))
    throw reject(state, 'invalid_request', 'prompt has an unknown value', 'invalid_request');
  if (prompt.includes('none') && prompt.length > 1)
    throw reject(state, 'invalid_request', 'prompt=none cannot be combined with other values', 'invalid_request');
  state.prompt = prompt;
}
