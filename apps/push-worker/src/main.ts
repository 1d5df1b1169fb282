import { loadConfig, runMain } from '@herald/runtime';
import { PushWorkerEnv } from './config';
import { startPushWorker } from './push-worker';

runMain('push-worker', async () => {
  const config = loadConfig(PushWorkerEnv);
  const worker = await startPushWorker(config, {
    database: config.DATABASE_NAME,
    redisKeyPrefix: config.REDIS_KEY_PREFIX,
    amqpNamespace: config.AMQP_NAMESPACE,
  });
  worker.shutdown.listen();
});
