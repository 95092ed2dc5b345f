// One call of the server's kiosk-side API from the main process: the eSignet envelope out, the
// envelope in, parsed with the call's shared schema; a refusal as a KioskError carrying the server's
// code (and attempts left), a network failure as server_unreachable.
import { z } from 'zod';
import { responseEnvelope } from '@signet-kiosk/shared/esignet';
import { KioskError } from './errors.js';

/** The envelope first; its response is then parsed with the call's own schema. */
const AnyEnvelope = responseEnvelope(z.unknown());

/**
 * POSTs `body` in an envelope to `url`; the response parsed with `schema`.
 * @example const status = await postEnvelope(new URL(KIOSK_STATUS_PATH, serverUrl), KioskStatusSchema, { statusRequest });
 */
export async function postEnvelope<T extends z.ZodType>(
  url: URL,
  schema: T,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<z.infer<T>> {
  const what = url.pathname;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ requestTime: new Date().toISOString(), request: body }),
    });
  } catch (cause) {
    throw new KioskError('server_unreachable', `(${what})`, { cause });
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new KioskError('server_refused', `(${what}: HTTP ${res.status}, not JSON)`);
  }
  const envelope = AnyEnvelope.safeParse(json);
  if (!envelope.success) throw new KioskError('server_refused', `(${what}: HTTP ${res.status}, off-contract answer)`);
  const error = envelope.data.errors[0];
  if (error || envelope.data.response === null) {
    const serverCode = error?.errorCode ?? 'unknown_error';
    throw new KioskError('server_refused', `(${serverCode})`, {
      serverCode,
      ...(error?.attemptsLeft !== undefined ? { attemptsLeft: error.attemptsLeft } : {}),
    });
  }
  const response = schema.safeParse(envelope.data.response);
  if (!response.success) throw new KioskError('server_refused', `(${what}: off-contract answer)`);
  return response.data;
}
