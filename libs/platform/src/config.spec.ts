import {
  backendServiceVars,
  ConfigError,
  hostPortList,
  int,
  kafkaClientVars,
  parseEnv,
  str,
  url,
  urlList,
} from './config';
import { kafkaAuthOf } from './kafka';

test('parseEnv_appliesDefaultsAndParsesTypes', () => {
  const cfg = parseEnv(
    'svc',
    { PORT: int({ default: 3000 }), NAME: str(), BROKERS: hostPortList() },
    {
      NAME: 'x',
      BROKERS: '127.0.0.1:9092, kafka:9093',
    },
  );
  expect(cfg).toEqual({ PORT: 3000, NAME: 'x', BROKERS: ['127.0.0.1:9092', 'kafka:9093'] });
});

test('parseEnv_reportsEveryBadVariableByName_inOneError', () => {
  let error: ConfigError | undefined;
  try {
    parseEnv('claims', backendServiceVars({ port: 3001, mongoDb: 'db', kafkaClientId: 'c' }), {
      PORT: 'eighty',
      MONGO_URL: 'postgres://x',
      INTERNAL_AUTH_SECRET: 'short',
    });
  } catch (e) {
    error = e as ConfigError;
  }
  expect(error).toBeInstanceOf(ConfigError);
  expect(error!.problems).toEqual([
    'PORT must be an integer, got "eighty"',
    'MONGO_URL must use mongodb or mongodb+srv, got "postgres"',
    'KAFKA_BROKERS is required (comma-separated host:port of Kafka brokers)',
    'INTERNAL_AUTH_SECRET must be at least 32 characters',
  ]);
  expect(error!.message).toContain('Invalid configuration for claims');
});

test('url_whenNotAUrl_namesTheRule', () => {
  expect(() => parseEnv('s', { U: url({ protocols: ['http'] }) }, { U: 'nope' })).toThrow(
    'U must be a URL, got "nope"',
  );
});

test('urlList_takesSeveralUrls_andNamesEachBadOne', () => {
  const spec = { U: urlList({ protocols: ['http', 'https'] }) };
  expect(parseEnv('s', spec, { U: 'http://a:1, http://b:2' })).toEqual({ U: ['http://a:1', 'http://b:2'] });
  expect(parseEnv('s', spec, { U: 'http://a:1' })).toEqual({ U: ['http://a:1'] });
  expect(() => parseEnv('s', spec, { U: 'http://a:1,ftp://b,nope' })).toThrow(
    'U must use http or https, got "ftp"; must be a URL, got "nope"',
  );
  expect(() => parseEnv('s', spec, { U: 'http://a:1,http://a:1' })).toThrow('U lists the same URL twice');
  expect(() => parseEnv('s', spec, { U: ' , ' })).toThrow('U must list at least one URL');
});

test('kafkaSasl_aUserNameWithoutPassword_orABadMechanism_isAConfigErrorNamingThem', () => {
  const spec = kafkaClientVars();
  let error: ConfigError | undefined;
  try {
    parseEnv('review', spec, {
      KAFKA_BROKERS: 'k:9092',
      KAFKA_SASL_USERNAME: 'poe-review',
      KAFKA_SASL_MECHANISM: 'gssapi',
    });
  } catch (e) {
    error = e as ConfigError;
  }
  expect(error!.problems).toEqual([
    'KAFKA_SASL_MECHANISM must be one of scram-sha-512, scram-sha-256, plain, got "gssapi"',
    'KAFKA_SASL_PASSWORD is required when KAFKA_SASL_USERNAME is set',
  ]);
  expect(() => parseEnv('review', spec, { KAFKA_BROKERS: 'k:9092', KAFKA_SASL_PASSWORD: 'x' })).toThrow(
    'KAFKA_SASL_USERNAME is required when KAFKA_SASL_PASSWORD is set',
  );
});

test('kafkaSasl_withUserAndPassword_givesScramSha512ByDefault_andNothingWithoutThem', () => {
  const spec = kafkaClientVars();
  const vars = parseEnv('review', spec, {
    KAFKA_BROKERS: 'k:9092',
    KAFKA_SASL_USERNAME: 'u',
    KAFKA_SASL_PASSWORD: 'p',
  });
  expect(kafkaAuthOf(vars)).toEqual({ sasl: { mechanism: 'scram-sha-512', username: 'u', password: 'p' } });
  expect(kafkaAuthOf(parseEnv('review', spec, { KAFKA_BROKERS: 'k:9092', KAFKA_SSL: 'true' }))).toEqual({ ssl: true });
});
