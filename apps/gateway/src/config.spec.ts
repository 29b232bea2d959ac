import { ConfigError } from '@poe/platform';
import { loadGatewayConfig } from './config';

const env = {
  CLAIMS_URL: 'http://127.0.0.1:3001',
  DOCUMENTS_URL: 'http://127.0.0.1:3002',
  REVIEW_URL: 'http://127.0.0.1:3003',
  INTERNAL_AUTH_SECRET: 'x'.repeat(40),
  AUTH_MODE: 'dev',
};

test('loadGatewayConfig_serviceUrls_takeOneOrSeveralInstances', () => {
  const config = loadGatewayConfig({ ...env, CLAIMS_URL: 'http://127.0.0.1:3001, http://127.0.0.1:3011' });
  expect(config.CLAIMS_URL).toEqual(['http://127.0.0.1:3001', 'http://127.0.0.1:3011']);
  expect(config.DOCUMENTS_URL).toEqual(['http://127.0.0.1:3002']);
  expect(config.UPSTREAM_CHECK_INTERVAL_MS).toBe(1000);
});

test('loadGatewayConfig_aBadUrlInTheList_isNamedWithItsVariable', () => {
  let error: ConfigError | undefined;
  try {
    loadGatewayConfig({ ...env, REVIEW_URL: 'http://127.0.0.1:3003,ftp://127.0.0.1:3013' });
  } catch (e) {
    error = e as ConfigError;
  }
  expect(error?.problems).toEqual(['REVIEW_URL must use http or https, got "ftp"']);
});
