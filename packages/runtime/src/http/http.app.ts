import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { acceptCorrelationId, withCorrelationId } from '../log/correlation.context';
import { runReadinessChecks, type ReadinessCheck } from '../health/readiness';
import type { Metrics } from '../metrics/metrics';
import { AppError } from './app-error';
import { createErrorMiddleware, notFoundMiddleware } from './error.middleware';

export interface HttpAppOptions {
  readonly service: string;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly readiness: readonly ReadinessCheck[];
  /** Largest JSON body accepted; larger is a 413. */
  readonly bodyLimit?: string;
  /** Mounts the service's own routes, between the shared middleware and the error handling. */
  readonly routes: (app: Express) => void;
}

export const correlationHeader = 'x-correlation-id';
const startedAt = Date.now();

const correlationMiddleware: RequestHandler = (req, res, next) => {
  const correlationId = acceptCorrelationId(req.get(correlationHeader));
  res.setHeader(correlationHeader, correlationId);
  withCorrelationId(correlationId, next);
};

function requestLogMiddleware(log: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.once('finish', () => {
      const entry = {
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ms: Math.round(performance.now() - started),
      };
      if (res.statusCode >= 500) log.warn(entry, 'request failed');
      else log.debug(entry, 'request');
    });
    next();
  };
}

/**
 * helmet's headers, worked out once: they are the same on every answer (no nonces, nothing read from the
 * request), so each request sets them in one loop instead of walking helmet's dozen middlewares.
 */
function securityHeadersMiddleware(): RequestHandler {
  const headers: [string, string][] = [];
  const probe = {
    setHeader: (name: string, value: unknown) => headers.push([name, String(value)]),
    removeHeader: () => undefined,
  };
  let done = false;
  helmet()({} as never, probe as never, () => {
    done = true;
  });
  if (!done) throw new Error('helmet did not answer synchronously; its headers cannot be precomputed');
  return (_req, res, next) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}

// A body we cannot read as JSON is refused up front rather than silently ignored.
const jsonOnlyMiddleware: RequestHandler = (req, _res, next) => {
  const hasBody =
    req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (hasBody && !req.is(['application/json', 'application/*+json'])) {
    next(new AppError('unsupported_media_type', 'The request body must be application/json'));
    return;
  }
  next();
};

/** The express app every Herald service starts from: envelope, correlation ids, health, readiness, metrics. */
export function createHttpApp(options: HttpAppOptions): Express {
  const { log, metrics } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(securityHeadersMiddleware());
  app.use(correlationMiddleware);
  app.use(requestLogMiddleware(log));
  app.use(metrics.httpMiddleware);

  app.get('/health', (_req, res) => {
    res.json({
      success: true,
      data: { status: 'ok', service: options.service, uptime_s: Math.round((Date.now() - startedAt) / 1000) },
      message: 'alive',
    });
  });
  app.get('/ready', async (_req, res) => {
    const checks = await runReadinessChecks(options.readiness);
    const failing = Object.entries(checks).filter(([, result]) => !result.ok);
    if (failing.length === 0) {
      res.json({ success: true, data: { status: 'ok', checks }, message: 'ready' });
      return;
    }
    const reasons = failing.map(([name, result]) => `${name}: ${result.error}`).join('; ');
    res.status(503).json({ success: false, error: 'service_unavailable', message: `Not ready (${reasons})` });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  app.use(jsonOnlyMiddleware);
  app.use(
    express.json({
      limit: options.bodyLimit ?? '256kb',
      type: ['application/json', 'application/*+json'],
      // Webhook signatures are computed over the exact bytes received.
      verify: (req, _res, buffer) => {
        (req as typeof req & { rawBody?: Buffer }).rawBody = buffer;
      },
    }),
  );
  options.routes(app);
  app.use(notFoundMiddleware);
  app.use(createErrorMiddleware(log));
  return app;
}
