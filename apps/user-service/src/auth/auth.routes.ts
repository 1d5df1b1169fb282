import { Router } from 'express';
import { LoginRequest, toExpressPath, UserRoutes } from '@herald/contracts';
import { createValidator, sendData } from '@herald/runtime';
import type { AuthService } from './auth.service';

const parseLogin = createValidator(LoginRequest, 'body');

export function authRouter(auth: AuthService): Router {
  const router = Router();
  router.post(toExpressPath(UserRoutes.login.path), async (req, res) => {
    sendData(res, await auth.login(parseLogin(req.body)), 'Logged in');
  });
  return router;
}
