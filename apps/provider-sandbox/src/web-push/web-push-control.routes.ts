import { Router } from 'express';
import { Type } from '@sinclair/typebox';
import { AppError, createValidator, sendData } from '@herald/runtime';
import { WebPushScriptRequest } from './web-push-script.schema';
import type { WebPushScript } from './web-push.script';
import type { WebPushStore } from './web-push.store';
import type { WebPushSubscriptions } from './web-push.subscriptions';

const SubscribeRequest = Type.Object(
  {
    /** Restricts the subscription to this VAPID public key (65-byte uncompressed P-256 point, URL-safe base64). */
    application_server_key: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{86,88}={0,2}$' })),
  },
  { additionalProperties: false },
);
const WebPushListQuery = Type.Object(
  { subscription_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) },
  { additionalProperties: false },
);
const SubscriptionParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

const parseSubscribe = createValidator(SubscribeRequest, 'body');
const parseScript = createValidator(WebPushScriptRequest, 'body');
const parseListQuery = createValidator(WebPushListQuery, 'query');
const parseSubscriptionParams = createValidator(SubscriptionParams, 'params');

/** The test-facing control API of the Web Push stand-in, under `/sandbox/webpush`, in Herald's envelope. */
export function webPushControlRouter(deps: {
  subscriptions: WebPushSubscriptions;
  store: WebPushStore;
  script: WebPushScript;
}): Router {
  const router = Router();

  router.post('/sandbox/webpush/subscriptions', (req, res) => {
    const { application_server_key } = parseSubscribe(req.body ?? {});
    const subscription = deps.subscriptions.issue({ applicationServerKey: application_server_key });
    sendData(res, subscription, 'Subscription issued, as a browser would get it', 201);
  });
  router.get('/sandbox/webpush/subscriptions', (_req, res) => {
    sendData(res, deps.subscriptions.list(), 'Subscriptions, oldest first');
  });
  router.delete('/sandbox/webpush/subscriptions/:id', (req, res) => {
    const subscription = deps.subscriptions.unsubscribe(parseSubscriptionParams(req.params).id);
    if (!subscription) throw new AppError('not_found', 'No such subscription');
    sendData(res, subscription, 'Subscription gone: pushes to it answer 410');
  });

  router.post('/sandbox/webpush/script', (req, res) => {
    sendData(res, deps.script.add(parseScript(req.body)), 'Script queued', 201);
  });
  router.get('/sandbox/webpush/script', (_req, res) => {
    sendData(res, deps.script.list(), 'Pending scripts');
  });

  router.get('/sandbox/webpush/pushes', (req, res) => {
    sendData(
      res,
      deps.store.listMessages(parseListQuery(req.query)),
      'Accepted pushes, decrypted, oldest first',
    );
  });
  router.get('/sandbox/webpush/requests', (req, res) => {
    sendData(res, deps.store.listRequests(parseListQuery(req.query)), 'Requests received, oldest first');
  });

  return router;
}
