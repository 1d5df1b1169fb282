import type { Kysely } from 'kysely';
import type { CreateDeviceRequest, DeactivateDeviceRequest, Device } from '@herald/contracts';
import { AppError, type JsonCache } from '@herald/runtime';
import type { UserDatabase } from '../database';
import { findUserById } from '../users/users.repository';
import { deactivateDevice, deleteDevice, listDevicesOfUser, upsertDevice } from './devices.repository';
import type { DeviceRow } from './devices.table';

export function toDevice(row: DeviceRow): Device {
  return {
    device_id: row.device_id,
    user_id: row.user_id,
    platform: row.platform,
    token: row.token,
    active: row.active,
    deactivated_reason: row.deactivated_reason,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  } as Device;
}

function tokenKey(request: CreateDeviceRequest): string {
  return request.platform === 'ios' ? request.token.toLowerCase() : request.token.endpoint;
}

export interface DevicesService {
  /** Registers a device inside a caller's transaction (used when a user is created with a push token). */
  registerDeviceIn(db: Kysely<UserDatabase>, userId: string, request: CreateDeviceRequest): Promise<Device>;
  addDevice(userId: string, request: CreateDeviceRequest): Promise<{ device: Device; created: boolean }>;
  listDevices(userId: string): Promise<Device[]>;
  removeDevice(userId: string, deviceId: string): Promise<Device>;
  /** Stops pushes to a device (the provider said it is gone); registering it again makes it active. */
  deactivateDevice(userId: string, deviceId: string, request: DeactivateDeviceRequest): Promise<Device>;
}

/** A user's push devices; the list is cached for the workers and dropped on every change. */
export function createDevicesService(deps: { db: Kysely<UserDatabase>; cache: JsonCache<Device[]> }): DevicesService {
  const { db, cache } = deps;

  async function requireUser(userId: string): Promise<void> {
    if (!(await findUserById(db, userId))) throw new AppError('user_not_found', `No user with id ${userId}`);
  }

  async function register(trx: Kysely<UserDatabase>, userId: string, request: CreateDeviceRequest) {
    const token = JSON.stringify(request.token);
    return upsertDevice(trx, { user_id: userId, platform: request.platform, token, token_key: tokenKey(request), deactivated_reason: null });
  }

  return {
    async registerDeviceIn(trx, userId, request) {
      const { row } = await register(trx, userId, request);
      return toDevice(row);
    },

    async addDevice(userId, request) {
      await requireUser(userId);
      const { row, created } = await register(db, userId, request);
      await cache.drop(userId);
      return { device: toDevice(row), created };
    },

    async listDevices(userId) {
      const cached = await cache.get(userId);
      if (cached) return cached;
      await requireUser(userId);
      const devices = (await listDevicesOfUser(db, userId)).map(toDevice);
      await cache.set(userId, devices);
      return devices;
    },

    async removeDevice(userId, deviceId) {
      const row = await deleteDevice(db, userId, deviceId);
      if (!row) throw new AppError('not_found', `User ${userId} has no device ${deviceId}`);
      await cache.drop(userId);
      return toDevice(row);
    },

    async deactivateDevice(userId, deviceId, request) {
      const row = await deactivateDevice(db, userId, deviceId, request.reason);
      if (!row) throw new AppError('not_found', `User ${userId} has no device ${deviceId}`);
      await cache.drop(userId);
      return toDevice(row);
    },
  };
}
