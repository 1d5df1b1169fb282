import { loadConfig, runMain } from '@herald/runtime';
import { startApiGateway } from './api-gateway';
import { GatewayEnv } from './config';

runMain('api-gateway', async () => {
  const config = loadConfig(GatewayEnv);
  const gateway = await startApiGateway(config, {
    database: config.DATABASE_NAME,
    redisKeyPrefix: config.REDIS_KEY_PREFIX,
  });
  gateway.shutdown.listen();
});
