import { loadConfig, runMain } from '@herald/runtime';
import { EmailWorkerEnv } from './config';
import { startEmailWorker } from './email-worker';

runMain('email-worker', async () => {
  const config = loadConfig(EmailWorkerEnv);
  const worker = await startEmailWorker(config, {
    database: config.DATABASE_NAME,
    redisKeyPrefix: config.REDIS_KEY_PREFIX,
    amqpNamespace: config.AMQP_NAMESPACE,
  });
  worker.shutdown.listen();
});
