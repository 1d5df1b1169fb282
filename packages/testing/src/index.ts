export * from './test-namespace';
export * from './service-process';
