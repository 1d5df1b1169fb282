import { loadConfig, runMain } from '@herald/runtime';
import { UserServiceEnv } from './config';
import { startUserService } from './user-service';

runMain('user-service', async () => {
  const service = await startUserService(loadConfig(UserServiceEnv));
  service.shutdown.listen();
});
