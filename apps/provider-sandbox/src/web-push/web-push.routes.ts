import { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import type { Logger, Metrics } from '@herald/runtime';
import { WebPushRefusal } from './web-push.errors';
import { maxBodyBytes, type WebPushOutcome, type WebPushService } from './web-push.service';
import type { WebPushRequestRecord, WebPushStore } from './web-push.store';

export interface WebPushRouterDeps {
  service: WebPushService;
  store: WebPushStore;
  metrics: Metrics;
  log: Logger;
  now: () => Date;
}

// Read bodies up to this, a little past what is taken, and drop the rest: the answer is a 413 either way.
async function readBody(req: Request): Promise<{ body: Buffer; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    if (size <= maxBodyBytes) chunks.push(buffer);
    size += buffer.length;
  }
  return { body: Buffer.concat(chunks), tooLarge: size > maxBodyBytes };
}

function headersOf(req: Request): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers))
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return headers;
}

function answer(res: Response, record: WebPushRequestRecord, outcome: WebPushOutcome, now: () => Date): void {
  if (outcome.disconnect) {
    res.socket?.destroy();
    return;
  }
  record.status = outcome.status;
  record.answered_at = now().toISOString();
  res.status(outcome.status).set(outcome.headers);
  if (outcome.body === null) res.end();
  else res.json(outcome.body);
}

function refuse(res: Response, refusal: WebPushRefusal): void {
  res.status(refusal.status).set(refusal.headers).json(refusal.toJSON());
}

/**
 * The push service's endpoints, mounted at `/webpush`: RFC 8030 answers, not Herald's envelope. A router, as
 * Resend's endpoints are, not an express app of its own: a mounted app swaps the prototypes of every request and
 * response on the way in and out.
 */
export function createWebPushRouter(deps: WebPushRouterDeps): Router {
  const router = Router();
  router.use(deps.metrics.httpMiddleware);
  router.post('/:id', async (req, res) => {
    const subscriptionId = req.params.id ?? '';
    const record = deps.store.recordRequest({
      method: req.method,
      path: req.originalUrl.split('?')[0] ?? req.originalUrl,
      subscription_id: subscriptionId,
      received_at: deps.now().toISOString(),
      answered_at: null,
      status: null,
      error: null,
      scripted: false,
    });
    const { body, tooLarge } = await readBody(req);
    const outcome = await deps.service.handle({
      subscriptionId,
      headers: headersOf(req),
      body,
      tooLarge,
      origin: `${req.protocol}://${req.get('host') ?? ''}`,
      receivedAt: new Date(record.received_at),
      record,
    });
    answer(res, record, outcome, deps.now);
  });
  router.all('/:id', () => {
    throw new WebPushRefusal(405, 'Push messages are sent with POST', { allow: 'POST' });
  });
  router.use(() => {
    throw new WebPushRefusal(404, 'No such subscription');
  });
  router.use(((error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    if (error instanceof WebPushRefusal) return refuse(res, error);
    deps.log.error(
      { err: error, method: req.method, path: req.originalUrl },
      'unhandled error in the Web Push stand-in',
    );
    refuse(res, new WebPushRefusal(500, 'Internal error'));
  }) as ErrorRequestHandler);
  return router;
}
