import express, {
  Router,
  type ErrorRequestHandler,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import type { Logger, Metrics } from '@herald/runtime';
import { ResendError, sendResendError } from './resend.errors';
import { recipientsOf } from './resend-email.validation';
import { toResendEmailView } from './resend-email.view';
import { parseIdempotencyKey } from './resend.idempotency';
import type { BatchValidation, ResendService, SendOutcome } from './resend.service';
import type { ResendStore, SandboxRequest } from './resend.store';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Resend's own limit for a request with attachments.
const bodyLimit = '40mb';

export interface ResendRouterDeps {
  resend: ResendService;
  store: ResendStore;
  apiKeys: readonly string[];
  metrics: Metrics;
  log: Logger;
  now: () => Date;
}

function recordOf(res: Response): SandboxRequest {
  return res.locals.sandboxRequest as SandboxRequest;
}

function recordRequests(store: ResendStore, now: () => Date): RequestHandler {
  return (req, res, next) => {
    const record = store.recordRequest({
      method: req.method,
      path: req.originalUrl.split('?')[0] ?? req.originalUrl,
      idempotency_key: req.get('idempotency-key') ?? null,
      to: [],
      received_at: now().toISOString(),
      answered_at: null,
      status: null,
      error_name: null,
      email_ids: [],
      scripted: false,
      replayed: false,
    });
    res.locals.sandboxRequest = record;
    res.once('close', () => {
      if (!res.writableFinished) return;
      record.status = res.statusCode;
      record.answered_at = now().toISOString();
    });
    next();
  };
}

function authenticate(apiKeys: readonly string[]): RequestHandler {
  const accepted = new Set(apiKeys);
  return (req, _res, next) => {
    const match = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '');
    const key = match?.[1]?.trim();
    if (!key) throw new ResendError('missing_api_key');
    if (!accepted.has(key)) throw new ResendError('invalid_api_key');
    next();
  };
}

function batchValidationOf(req: Request): BatchValidation {
  const mode = req.get('x-batch-validation') ?? 'strict';
  if (mode !== 'strict' && mode !== 'permissive') {
    throw new ResendError(
      'validation_error',
      'The `x-batch-validation` header must be `strict` or `permissive`.',
    );
  }
  return mode;
}

function answer(res: Response, outcome: SendOutcome): void {
  const record = recordOf(res);
  record.email_ids = outcome.emailIds;
  record.scripted = outcome.scripted;
  record.replayed = outcome.replayed;
  const body = outcome.body as { name?: unknown } | undefined;
  if (outcome.status >= 400 && typeof body?.name === 'string') record.error_name = body.name;
  if (outcome.disconnect) {
    res.socket?.destroy();
    return;
  }
  // A kept-alive connection would hold the closing server open until its grace period ends.
  if (outcome.closeConnection) res.set('connection', 'close');
  res.status(outcome.status).set(outcome.headers).json(outcome.body);
}

const methodNotAllowed: RequestHandler = () => {
  throw new ResendError('method_not_allowed');
};

function resendErrorHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const parserError = error as { type?: string; status?: number };
    let resendError: ResendError;
    if (error instanceof ResendError) resendError = error;
    else if (parserError.type === 'entity.too.large') {
      resendError = new ResendError('validation_error', 'The request body is too large.', { status: 413 });
    } else if (parserError.type === 'entity.parse.failed') {
      resendError = new ResendError('validation_error', 'The request body is not valid JSON.', {
        status: 400,
      });
    } else if (parserError.status !== undefined && parserError.status >= 400 && parserError.status < 500) {
      resendError = new ResendError('validation_error', 'The request body could not be read.', {
        status: 400,
      });
    } else {
      log.error(
        { err: error, method: req.method, path: req.originalUrl },
        'unhandled error in the Resend stand-in',
      );
      resendError = new ResendError('application_error');
    }
    const record = res.locals.sandboxRequest as SandboxRequest | undefined;
    if (record) record.error_name = resendError.errorName;
    sendResendError(res, resendError);
  };
}

/**
 * Resend's `/emails` endpoints, mounted at `/emails`: Resend's wire protocol and error shape, not Herald's
 * envelope. A router rather than an express app of its own: a mounted app swaps the prototypes of every
 * request and response on the way in and out, and these are the sandbox's busiest routes.
 */
export function createResendRouter(deps: ResendRouterDeps): Router {
  const router = Router();
  router.use(deps.metrics.httpMiddleware);
  router.use(recordRequests(deps.store, deps.now));
  router.use(authenticate(deps.apiKeys));
  router.use(express.json({ limit: bodyLimit, type: () => true }));

  const send = (path: '/emails' | '/emails/batch') => async (req: Request, res: Response) => {
    const record = recordOf(res);
    const to = recipientsOf(req.body);
    record.to = to;
    const idempotencyKey = parseIdempotencyKey(req.get('idempotency-key'));
    const batchValidation = path === '/emails/batch' ? batchValidationOf(req) : 'strict';
    answer(
      res,
      await deps.resend.send({
        path,
        body: req.body,
        idempotencyKey,
        batchValidation,
        to,
        receivedAt: record.received_at,
      }),
    );
  };
  router.post('/', send('/emails'));
  router.all('/', methodNotAllowed);
  router.post('/batch', send('/emails/batch'));
  router.all('/batch', methodNotAllowed);
  router.get('/:id', (req, res) => {
    const id = req.params.id ?? '';
    if (!uuidPattern.test(id)) throw new ResendError('invalid_parameter', 'The `id` must be a valid UUID.');
    const email = deps.resend.getEmail(id);
    if (!email) throw new ResendError('not_found', 'Email not found');
    res.json(toResendEmailView(email, deps.now()));
  });
  router.all('/:id', methodNotAllowed);
  router.use(() => {
    throw new ResendError('not_found');
  });
  router.use(resendErrorHandler(deps.log));
  return router;
}
