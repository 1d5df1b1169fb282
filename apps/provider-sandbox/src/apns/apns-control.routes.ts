import { Router } from 'express';
import { Type } from '@sinclair/typebox';
import { createValidator, sendData } from '@herald/runtime';
import type { ApnsCredentials } from './apns.credentials';
import { ApnsScriptRequest } from './apns-script.schema';
import type { ApnsScript } from './apns.script';
import type { ApnsStore } from './apns.store';

const ApnsListQuery = Type.Object(
  {
    token: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    topic: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    collapse_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);

const UnregisterRequest = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 200 }),
    /** The 410's `timestamp` (ms since the epoch); now when left out. */
    unregistered_at: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

const parseScript = createValidator(ApnsScriptRequest, 'body');
const parseListQuery = createValidator(ApnsListQuery, 'query');
const parseUnregister = createValidator(UnregisterRequest, 'body');

/** The test-facing control API of the APNs stand-in, under `/sandbox/apns`, in Herald's envelope. */
export function apnsControlRouter(deps: {
  store: ApnsStore;
  script: ApnsScript;
  credentials: ApnsCredentials;
  port: () => number;
  now: () => Date;
}): Router {
  const router = Router();

  router.post('/sandbox/apns/script', (req, res) => {
    sendData(res, deps.script.add(parseScript(req.body)), 'Script queued', 201);
  });
  router.get('/sandbox/apns/script', (_req, res) => {
    sendData(res, deps.script.list(), 'Pending scripts');
  });

  router.get('/sandbox/apns/pushes', (req, res) => {
    sendData(res, deps.store.listPushes(parseListQuery(req.query)), 'Accepted pushes, oldest first');
  });
  router.get('/sandbox/apns/requests', (req, res) => {
    sendData(res, deps.store.listRequests(parseListQuery(req.query)), 'Requests received, oldest first');
  });
  router.get('/sandbox/apns/connections', (_req, res) => {
    sendData(res, deps.store.connectionStats(), 'HTTP/2 connections since the last reset');
  });

  router.post('/sandbox/apns/unregistered', (req, res) => {
    const { token, unregistered_at } = parseUnregister(req.body);
    const at = unregistered_at ?? deps.now().getTime();
    deps.store.unregister(token, at);
    sendData(res, { token, unregistered_at: at }, 'Token unregistered: pushes to it answer 410', 201);
  });
  router.get('/sandbox/apns/unregistered', (_req, res) => {
    sendData(res, deps.store.listUnregistered(), 'Unregistered tokens');
  });

  router.get('/sandbox/apns/settings', (_req, res) => {
    const { credentials } = deps;
    sendData(
      res,
      {
        host: '127.0.0.1',
        port: deps.port(),
        production: false,
        ca_file: credentials.files.caCertificate,
        key_file: credentials.files.authKey,
        ...credentials.keyInfo,
      },
      'What the push worker needs to reach this APNs stand-in (APNS_*)',
    );
  });

  return router;
}
