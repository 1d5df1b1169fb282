import { Router } from 'express';
import {
  CreateUserRequest,
  ListUsersQuery,
  toExpressPath,
  UpdateUserRequest,
  UserParams,
  UserPreferences,
  UserRoutes,
} from '@herald/contracts';
import { createValidator, sendData, sendPage } from '@herald/runtime';
import type { UsersService } from './users.service';

const parseCreateUser = createValidator(CreateUserRequest, 'body');
const parseUpdateUser = createValidator(UpdateUserRequest, 'body');
const parsePreferences = createValidator(UserPreferences, 'body');
const parseUserParams = createValidator(UserParams, 'params');
const parseListQuery = createValidator(ListUsersQuery, 'query');

export function usersRouter(users: UsersService): Router {
  const router = Router();

  router.post(toExpressPath(UserRoutes.createUser.path), async (req, res) => {
    sendData(res, await users.createUser(parseCreateUser(req.body)), 'User created', 201);
  });

  router.get(toExpressPath(UserRoutes.listUsers.path), async (req, res) => {
    const { users: page, meta } = await users.listUsers(parseListQuery(req.query));
    sendPage(res, page, meta, 'Users');
  });

  router.get(toExpressPath(UserRoutes.getUser.path), async (req, res) => {
    sendData(res, await users.getUser(parseUserParams(req.params).id), 'User');
  });

  router.patch(toExpressPath(UserRoutes.updateUser.path), async (req, res) => {
    const { id } = parseUserParams(req.params);
    sendData(res, await users.updateUser(id, parseUpdateUser(req.body)), 'User updated');
  });

  router.get(toExpressPath(UserRoutes.getPreferences.path), async (req, res) => {
    sendData(res, await users.getPreferences(parseUserParams(req.params).id), 'Preferences');
  });

  router.put(toExpressPath(UserRoutes.putPreferences.path), async (req, res) => {
    const { id } = parseUserParams(req.params);
    sendData(res, await users.putPreferences(id, parsePreferences(req.body)), 'Preferences updated');
  });

  return router;
}
