// Drops what a benchmark run killed with SIGKILL left behind: `npx tsx bench/drop-namespace.ts bench_1a2b3c4d`.
// Its service processes, if any survived, are found by their AMQP_NAMESPACE and must be stopped first.
import { createBenchNamespace } from './namespace';
import { localEnvironment } from './system';

const ids = process.argv.slice(2);
if (ids.length === 0) {
  console.error('usage: npx tsx bench/drop-namespace.ts bench_<8 hex digits>...');
  process.exit(1);
}
const env = await localEnvironment();
for (const id of ids) {
  const ns = createBenchNamespace(
    { databaseUrl: env.DATABASE_URL ?? '', redisUrl: env.REDIS_URL ?? '', amqpUrl: env.AMQP_URL ?? '' },
    id,
  );
  const failures = await ns.drop();
  console.log(failures.length === 0 ? `${id}: dropped` : `${id}: ${failures.join('; ')}`);
}
