import { Router } from 'express';
import { Type } from '@sinclair/typebox';
import { createValidator, sendData } from '@herald/runtime';
import { ResendScriptRequest } from './resend-script.schema';
import type { ResendScript } from './resend.script';
import type { ResendStore } from './resend.store';

const SandboxListQuery = Type.Object(
  {
    to: Type.Optional(Type.String({ minLength: 1, maxLength: 320 })),
    idempotency_key: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  },
  { additionalProperties: false },
);

const parseScript = createValidator(ResendScriptRequest, 'body');
const parseListQuery = createValidator(SandboxListQuery, 'query');

/** The test-facing control API of the Resend stand-in, under `/sandbox/resend`, in Herald's envelope. */
export function resendControlRouter(deps: { store: ResendStore; script: ResendScript }): Router {
  const router = Router();

  router.post('/sandbox/resend/script', (req, res) => {
    sendData(res, deps.script.add(parseScript(req.body)), 'Script queued', 201);
  });

  router.get('/sandbox/resend/script', (_req, res) => {
    sendData(res, deps.script.list(), 'Pending scripts');
  });

  router.get('/sandbox/resend/emails', (req, res) => {
    sendData(res, deps.store.listEmails(parseListQuery(req.query)), 'Accepted emails, oldest first');
  });

  router.get('/sandbox/resend/requests', (req, res) => {
    sendData(res, deps.store.listRequests(parseListQuery(req.query)), 'Requests received, oldest first');
  });

  return router;
}
