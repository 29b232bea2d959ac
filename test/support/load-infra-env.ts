import { readInfraEnv } from './infra-env';

// Variables set by the caller win, so a run can point the tests at other servers.
for (const [k, v] of Object.entries(readInfraEnv())) {
  if (process.env[k] === undefined) process.env[k] = v;
}
