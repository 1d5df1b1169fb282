import type { Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { AppError, correlationHeader, currentCorrelationId } from '@herald/runtime';

// Headers of the upstream answer worth passing on; hop-by-hop and length headers are recomputed by express.
const passedBackHeaders = ['content-type', 'retry-after', 'location', 'idempotent-replayed'];

function bodyOf(req: Request): string | undefined {
  if (req.method === 'GET' || req.method === 'HEAD' || req.body === undefined) return undefined;
  return JSON.stringify(req.body);
}

/**
 * Forwards a request, already authenticated and authorised here, to the service that owns it, with the
 * correlation id; the owner's answer (status, envelope) is passed back as it is. An owner that cannot be
 * reached is a 503, never a hang or a 500.
 */
export function forwardTo(options: { service: string; baseUrl: string; timeoutMs: number; log: Logger }): RequestHandler {
  const { service, baseUrl, timeoutMs, log } = options;
  return async (req, res) => {
    const body = bodyOf(req);
    let answer: Response;
    try {
      answer = await fetch(new URL(req.originalUrl, baseUrl), {
        method: req.method,
        headers: {
          accept: 'application/json',
          [correlationHeader]: currentCorrelationId() ?? '',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      log.warn({ err: error, service }, 'upstream unreachable');
      throw new AppError('service_unavailable', `The ${service} is unavailable; try again shortly`, undefined, {
        'retry-after': '5',
      });
    }
    for (const header of passedBackHeaders) {
      const value = answer.headers.get(header);
      if (value !== null) res.setHeader(header, value);
    }
    res.status(answer.status).send(Buffer.from(await answer.arrayBuffer()));
  };
}
