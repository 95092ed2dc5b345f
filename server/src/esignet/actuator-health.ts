// `GET /v1/esignet/actuator/health`: the Spring Boot health answer eSignet's login UI polls every
// 10 s to decide whether it is online. Constant and never cached; it sits outside the UI API's
// per-IP rate limit, so a resident's open page cannot use up its own limit by polling.
import type { RequestHandler } from 'express';

export const ACTUATOR_HEALTH_PATH = '/v1/esignet/actuator/health';

export const actuatorHealth: RequestHandler = (_req, res) => {
  res.set('Cache-Control', 'no-store').json({ status: 'UP' });
};
