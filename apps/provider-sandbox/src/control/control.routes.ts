import { Router } from 'express';
import { sendData } from '@herald/runtime';

/** A provider stand-in that tests can wipe between cases. */
export interface ResettableProvider {
  readonly name: string;
  reset(): void;
}

/** `POST /sandbox/reset`: forgets everything every provider stand-in received and every pending script. */
export function controlRouter(providers: readonly ResettableProvider[]): Router {
  const router = Router();
  router.post('/sandbox/reset', (_req, res) => {
    for (const provider of providers) provider.reset();
    sendData(res, { providers: providers.map((provider) => provider.name) }, 'Sandbox reset');
  });
  return router;
}
