import { loadConfig, runMain } from '@herald/runtime';
import { ProviderSandboxEnv } from './config';
import { startProviderSandbox } from './provider-sandbox';

runMain('provider-sandbox', async () => {
  const config = loadConfig(ProviderSandboxEnv);
  const sandbox = await startProviderSandbox(config);
  sandbox.shutdown.listen();
});
