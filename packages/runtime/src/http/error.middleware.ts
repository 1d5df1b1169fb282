import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ErrorStatus, type ErrorCode } from '@herald/contracts';
import type { Logger } from 'pino';
import { isDatabaseUnavailable } from '../db/database-unavailable';
import { AppError } from './app-error';

interface BodyParserError {
  type?: string;
  status?: number;
  expose?: boolean;
  message?: string;
}

// body-parser's error types, each mapped to our closed codes so no parser failure becomes a 500.
const bodyParserCodes: Readonly<Record<string, { code: ErrorCode; message: string }>> = {
  'entity.too.large': { code: 'payload_too_large', message: 'The request body is too large' },
  'entity.parse.failed': { code: 'validation_failed', message: 'The request body is not valid JSON' },
  'encoding.unsupported': {
    code: 'unsupported_media_type',
    message: 'The request body encoding is not supported',
  },
  'charset.unsupported': {
    code: 'unsupported_media_type',
    message: 'The request body charset is not supported',
  },
  'request.aborted': { code: 'validation_failed', message: 'The request was aborted' },
  'request.size.invalid': {
    code: 'validation_failed',
    message: 'The request body size does not match its length',
  },
};

function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (isDatabaseUnavailable(error)) {
    return new AppError(
      'service_unavailable',
      'A service Herald depends on is unavailable; try again shortly',
      undefined,
      {
        'retry-after': '1',
      },
    );
  }
  const parserError = error as BodyParserError;
  const known = parserError?.type ? bodyParserCodes[parserError.type] : undefined;
  if (known) return new AppError(known.code, known.message);
  if (parserError?.status && parserError.status >= 400 && parserError.status < 500 && parserError.expose) {
    return new AppError('validation_failed', parserError.message ?? 'Bad request');
  }
  return undefined;
}

/** The last middleware: every error becomes the standard envelope with its code's status. */
export function createErrorMiddleware(log: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const appError = toAppError(error);
    if (!appError) {
      log.error({ err: error, method: req.method, path: req.path }, 'unhandled error');
      res
        .status(500)
        .json({ success: false, error: 'internal_error', message: 'Something went wrong on our side' });
      return;
    }
    if (appError.headers) res.set(appError.headers);
    const status = ErrorStatus[appError.code];
    // A dependency's own error says which one was away.
    const cause = appError === error ? {} : { err: error };
    if (status >= 500) log.warn({ code: appError.code, path: req.path, ...cause }, appError.message);
    res.status(status).json({
      success: false,
      error: appError.code,
      message: appError.message,
      ...(appError.details ? { details: appError.details } : {}),
    });
  };
}

/** Answers any path no route claimed. */
export const notFoundMiddleware: RequestHandler = (req, _res, next) => {
  next(new AppError('not_found', `No route for ${req.method} ${req.path}`));
};
