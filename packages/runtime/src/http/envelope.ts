import type { Response } from 'express';
import type { PaginationMeta } from '@herald/contracts';

/** Answers with one resource in the success envelope. */
export function sendData(res: Response, data: unknown, message: string, status = 200): void {
  res.status(status).json({ success: true, data, message });
}

/** Answers with a page of resources and its pagination meta. */
export function sendPage(
  res: Response,
  data: readonly unknown[],
  meta: PaginationMeta,
  message: string,
): void {
  res.status(200).json({ success: true, data, message, meta });
}
