import type { Response } from 'express';

/** Every error name Resend answers with (its API reference's error list); the closed set the sandbox uses. */
export const resendErrorNames = [
  'invalid_idempotency_key',
  'validation_error',
  'missing_api_key',
  'restricted_api_key',
  'invalid_api_key',
  'not_found',
  'method_not_allowed',
  'invalid_idempotent_request',
  'concurrent_idempotent_requests',
  'invalid_attachment',
  'invalid_from_address',
  'invalid_access',
  'invalid_parameter',
  'invalid_region',
  'missing_required_field',
  'monthly_quota_exceeded',
  'daily_quota_exceeded',
  'rate_limit_exceeded',
  'security_error',
  'application_error',
  'internal_server_error',
] as const;
export type ResendErrorName = (typeof resendErrorNames)[number];

/** Resend's status and documented message for each error name. */
export const ResendErrorDefaults: Readonly<Record<ResendErrorName, { status: number; message: string }>> =
  Object.freeze({
    invalid_idempotency_key: { status: 400, message: 'The key must be between 1-256 chars.' },
    validation_error: { status: 422, message: 'We found an error with one or more fields in the request.' },
    missing_api_key: { status: 401, message: 'Missing API key in the authorization header.' },
    restricted_api_key: { status: 401, message: 'This API key is restricted to only send emails.' },
    invalid_api_key: { status: 403, message: 'API key is invalid.' },
    not_found: { status: 404, message: 'The requested endpoint does not exist.' },
    method_not_allowed: { status: 405, message: 'Method is not allowed for the requested path.' },
    invalid_idempotent_request: {
      status: 409,
      message: 'Same idempotency key used with a different request payload.',
    },
    concurrent_idempotent_requests: {
      status: 409,
      message: 'Same idempotency key used while original request is still in progress.',
    },
    invalid_attachment: { status: 422, message: 'Attachment must have either a `content` or `path`.' },
    invalid_from_address: {
      status: 422,
      message:
        'Invalid `from` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.',
    },
    invalid_access: { status: 422, message: 'Access must be "full_access" | "sending_access".' },
    invalid_parameter: { status: 422, message: 'The parameter must be a valid UUID.' },
    invalid_region: { status: 422, message: 'Region must be "us-east-1" | "eu-west-1" | "sa-east-1".' },
    missing_required_field: {
      status: 422,
      message: 'The request body is missing one or more required fields.',
    },
    monthly_quota_exceeded: { status: 429, message: 'You have reached your monthly email sending quota.' },
    daily_quota_exceeded: { status: 429, message: 'You have reached your daily email sending quota.' },
    rate_limit_exceeded: {
      status: 429,
      message:
        'Too many requests. You can only make 2 requests per second. See rate limit response headers for more information.',
    },
    security_error: { status: 451, message: 'We may have found a security issue with the request.' },
    application_error: { status: 500, message: 'An unexpected error occurred.' },
    internal_server_error: { status: 500, message: 'An unexpected error occurred.' },
  });

/** An error answered in Resend's shape, `{ statusCode, name, message }`; thrown by the Resend endpoints. */
export class ResendError extends Error {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    readonly errorName: ResendErrorName,
    message?: string,
    options: { status?: number; headers?: Readonly<Record<string, string>> } = {},
  ) {
    super(message ?? ResendErrorDefaults[errorName].message);
    this.name = 'ResendError';
    this.statusCode = options.status ?? ResendErrorDefaults[errorName].status;
    this.headers = options.headers ?? {};
  }

  /** The JSON body Resend answers with. */
  toJSON(): { statusCode: number; name: ResendErrorName; message: string } {
    return { statusCode: this.statusCode, name: this.errorName, message: this.message };
  }
}

/** Renders a Resend error; the one place the Resend endpoints write an error body. */
export function sendResendError(res: Response, error: ResendError): void {
  res.status(error.statusCode).set(error.headers).json(error.toJSON());
}
