export * from './template.syntax';
export * from './template.variables';
export * from './template.renderer';
export * from './local-template.renderer';
