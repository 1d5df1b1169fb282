import type { ErrorCode, ValidationDetail } from '@herald/contracts';

/** An error with a closed code; the one error middleware renders it as the standard envelope and status. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: readonly ValidationDetail[],
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}
