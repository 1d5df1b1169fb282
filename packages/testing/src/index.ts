export * from './test-namespace';
export * from './service-process';
export * from './fault-proxy';
export * from './sandbox-client';
export * from './broker-watch';
export * from './push-sandbox-client';
