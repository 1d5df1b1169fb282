import type { Express } from 'express';
import type { Logger } from 'pino';
import { createHttpApp, type Metrics, type ReadinessCheck } from '@herald/runtime';
import { authRouter } from './auth/auth.routes';
import type { AuthService } from './auth/auth.service';
import { devicesRouter } from './devices/devices.routes';
import type { DevicesService } from './devices/devices.service';
import { usersRouter } from './users/users.routes';
import type { UsersService } from './users/users.service';

export interface UserServiceDeps {
  log: Logger;
  metrics: Metrics;
  readiness: ReadinessCheck[];
  users: UsersService;
  devices: DevicesService;
  auth: AuthService;
}

/** The user service's HTTP app, without listen(), so tests can mount it. */
export function createApp(deps: UserServiceDeps): Express {
  return createHttpApp({
    service: 'user-service',
    log: deps.log,
    metrics: deps.metrics,
    readiness: deps.readiness,
    routes: (app) => {
      app.use(authRouter(deps.auth));
      app.use(usersRouter(deps.users));
      app.use(devicesRouter(deps.devices));
    },
  });
}
