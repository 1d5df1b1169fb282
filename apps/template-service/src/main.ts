import { loadConfig, runMain } from '@herald/runtime';
import { TemplateServiceEnv } from './config';
import { startTemplateService } from './template-service';

runMain('template-service', async () => {
  const config = loadConfig(TemplateServiceEnv);
  const service = await startTemplateService(config, {
    database: config.DATABASE_NAME,
    redisKeyPrefix: config.REDIS_KEY_PREFIX,
  });
  service.shutdown.listen();
});
