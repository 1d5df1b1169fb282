import { readUpstreamResource, requestUpstream, upstreamMessageOf } from '@herald/runtime';
import { Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Device, UserRoutes } from '@herald/contracts';

const checkDevices = TypeCompiler.Compile(Type.Array(Device));

export interface DeviceDirectory {
  /** The user's devices that may still receive pushes, fresh from the user service (it caches them itself). */
  activeDevices(userId: string, signal: AbortSignal): Promise<Device[]>;
  /** Tells the user service a device is gone, so no later push goes to it. */
  deactivate(device: Device, reason: string, signal: AbortSignal): Promise<void>;
}

function pathOf(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_match, name: string) => encodeURIComponent(params[name] ?? ''));
}

/** Reads and deactivates devices through the user service; an unreachable service is a transient failure. */
export function createDeviceDirectory(deps: { baseUrl: string; timeoutMs: number }): DeviceDirectory {
  const { baseUrl, timeoutMs } = deps;
  return {
    async activeDevices(userId, signal) {
      const url = new URL(pathOf(UserRoutes.listDevices.path, { id: userId }), baseUrl);
      const devices = await readUpstreamResource({
        service: 'user service',
        url: url.toString(),
        check: checkDevices,
        what: 'devices',
        notFound: `user_not_found: ${userId}`,
        timeoutMs,
        signal,
      });
      return devices.filter((device) => device.active);
    },

    async deactivate(device, reason, signal) {
      const path = pathOf(UserRoutes.deactivateDevice.path, {
        id: device.user_id,
        device_id: device.device_id,
      });
      const answer = await requestUpstream('user service', new URL(path, baseUrl).toString(), {
        method: 'POST',
        json: { reason: reason.slice(0, 500) },
        timeoutMs,
        signal,
      });
      // 404: the device was removed meanwhile, which is just as good.
      if (answer.status !== 200 && answer.status !== 404) {
        throw new Error(`user service answered ${answer.status}: ${upstreamMessageOf(answer)}`);
      }
    },
  };
}
