export * from './infra-env';
export * from './isolation';
export * from './services';
export * from './query-plans';
