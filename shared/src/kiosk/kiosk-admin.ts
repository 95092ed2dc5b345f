// The kiosk admin API's wire format (`/v1/signet/admin/kiosks`), shared by the server and the admin
// CLI: registering takes a KioskRegistrationRequest, answers carry KioskSchema.
import { z } from 'zod';
import { IndividualIdSchema } from '../esignet/individual-id.js';
import { KioskSchema } from './kiosk-registration.js';

/** An operator's individual id in the ID system, as the transaction API's individualId. */
export const OperatorIndividualIdSchema = IndividualIdSchema;

/** `PUT …/kiosks/{kioskId}/operators`: the whole list of operators allowed at the kiosk. */
export const KioskOperatorsUpdateSchema = z
  .object({ operators: z.array(OperatorIndividualIdSchema).max(1000) })
  .strict();
export type KioskOperatorsUpdate = z.infer<typeof KioskOperatorsUpdateSchema>;

/** The answer to `GET …/kiosks`. */
export const KioskListResponseSchema = z.object({ kiosks: z.array(KioskSchema) });
export type KioskListResponse = z.infer<typeof KioskListResponseSchema>;
