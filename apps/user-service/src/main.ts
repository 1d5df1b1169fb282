import { loadConfig, runMain } from '@herald/runtime';
import { UserServiceEnv } from './config';
import { startUserService } from './user-service';

runMain('user-service', async () => {
  const config = loadConfig(UserServiceEnv);
  const service = await startUserService(config, {
    database: config.DATABASE_NAME,
    redisKeyPrefix: config.REDIS_KEY_PREFIX,
  });
  service.shutdown.listen();
});
