// acr_values: those asked that the client allows, else all the client allows; only ACRs with a
// factor set the ID system verifies. The factor sets offered follow from them.
import { ACR_FACTORS } from '@signet-kiosk/shared/esignet';
import { spaceSeparated } from '../authorization-params.js';
import { established, reject, type AuthorizationCheckState } from './check-state.js';

export function checkAcr(state: AuthorizationCheckState): void {
  const supported = new Set(state.ctx.authenticator.supportedAuthFactors());
  const verifiable = (acr: string) => (ACR_FACTORS[acr] ?? []).filter((set) => set.every((f) => supported.has(f.type)));
  const allowed = established(state, 'client').authContextRefs.filter((acr) => verifiable(acr).length > 0);
  const requested = spaceSeparated(state.params.acr_values).filter((a) => allowed.includes(a));
  const acrValues = requested.length > 0 ? requested : allowed;
  if (acrValues.length === 0)
    throw reject(
      state,
      'invalid_request',
      'none of the client authentication contexts is supported by the ID system',
      'invalid_acr',
    );
  state.acrValues = acrValues;
  state.authFactors = acrValues.flatMap(verifiable);
}
