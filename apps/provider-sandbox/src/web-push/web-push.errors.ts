import { STATUS_CODES } from 'node:http';

/** A push service's refusal, answered as `{ code, error, message }` (the shape Mozilla's autopush uses). */
export class WebPushRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'WebPushRefusal';
  }

  toJSON(): { code: number; error: string; message: string } {
    return { code: this.status, error: STATUS_CODES[this.status] ?? 'Error', message: this.message };
  }
}
