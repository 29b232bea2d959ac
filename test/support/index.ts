export * from './infra-env';
export * from './isolation';
