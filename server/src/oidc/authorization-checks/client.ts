// client_id names a registered, active client. Refused on an error page: with no client there is
// no redirect URI to trust.
import { reject, type AuthorizationCheckState } from './check-state.js';

export async function checkClient(state: AuthorizationCheckState): Promise<void> {
  const clientId = state.params.client_id;
  if (!clientId) throw reject(state, 'invalid_request', 'client_id is missing', 'invalid_client_id');
  const client = await state.ctx.registry.clients.get(clientId);
  if (!client || client.status !== 'ACTIVE')
    throw reject(state, 'invalid_request', 'client_id is not a registered, active client', 'invalid_client_id');
  state.client = client;
}
