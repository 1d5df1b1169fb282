import { Router } from 'express';
import {
  CreateDeviceRequest,
  DeactivateDeviceRequest,
  DeviceParams,
  toExpressPath,
  UserParams,
  UserRoutes,
} from '@herald/contracts';
import { createValidator, sendData } from '@herald/runtime';
import type { DevicesService } from './devices.service';

const parseCreateDevice = createValidator(CreateDeviceRequest, 'body');
const parseUserParams = createValidator(UserParams, 'params');
const parseDeviceParams = createValidator(DeviceParams, 'params');
const parseDeactivateDevice = createValidator(DeactivateDeviceRequest, 'body');

export function devicesRouter(devices: DevicesService): Router {
  const router = Router();

  router.post(toExpressPath(UserRoutes.addDevice.path), async (req, res) => {
    const { id } = parseUserParams(req.params);
    const { device, created } = await devices.addDevice(id, parseCreateDevice(req.body));
    sendData(res, device, created ? 'Device registered' : 'Device already registered', created ? 201 : 200);
  });

  router.get(toExpressPath(UserRoutes.listDevices.path), async (req, res) => {
    sendData(res, await devices.listDevices(parseUserParams(req.params).id), 'Devices');
  });

  router.delete(toExpressPath(UserRoutes.removeDevice.path), async (req, res) => {
    const { id, device_id } = parseDeviceParams(req.params);
    sendData(res, await devices.removeDevice(id, device_id), 'Device removed');
  });

  router.post(toExpressPath(UserRoutes.deactivateDevice.path), async (req, res) => {
    const { id, device_id } = parseDeviceParams(req.params);
    const device = await devices.deactivateDevice(id, device_id, parseDeactivateDevice(req.body));
    sendData(res, device, 'Device deactivated');
  });

  return router;
}
