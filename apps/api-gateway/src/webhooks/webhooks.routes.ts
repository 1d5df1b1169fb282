import type { RequestHandler } from 'express';
import { sendData } from '@herald/runtime';
import type { ResendWebhookHandler } from './resend-webhook';

/** Provider webhook handlers, by operationId; authenticated by their signature, not by an API key. */
export function webhookHandlers(resend: ResendWebhookHandler): Record<string, RequestHandler> {
  return {
    receiveResendWebhook: async (req, res) => {
      const rawBody = (req as typeof req & { rawBody?: Buffer }).rawBody;
      const receipt = await resend.receive(rawBody, {
        'svix-id': req.get('svix-id'),
        'svix-timestamp': req.get('svix-timestamp'),
        'svix-signature': req.get('svix-signature'),
      });
      sendData(res, receipt, receipt.handled ? 'Event recorded' : 'Event ignored');
    },
  };
}
