import { ApiClient } from './client';
import { CATALOG, loadCatalog } from './demo-data';
import { ForeignIdWatch } from './foreign-ids';
import { bootStack, Stack } from './stack';

export interface DemoWorld {
  stack: Stack;
  api: ApiClient;
  /** The pre-approval id issued for each demo campaign. */
  preApprovals: Record<string, string>;
}

/**
 * The whole system booted for one test file with the demo catalog loaded, every answer to a
 * partner-side user scanned for another partner's ids (issue #13): a test fails on a leak. Registers
 * the file's jest hooks; the fields are set once `beforeAll` ran.
 */
export function demoWorld(testFile: string): DemoWorld {
  const world = {} as DemoWorld;
  const watch = new ForeignIdWatch();
  beforeAll(async () => {
    world.stack = await bootStack(testFile);
    world.api = new ApiClient(world.stack.gateway).observe(watch);
    world.preApprovals = await loadCatalog(world.api);
    for (const c of CATALOG.campaigns) watch.own(c.partnerId, c.id, world.preApprovals[c.id]);
  }, 120000);
  afterEach(() => {
    const leaks = watch.leaks();
    watch.reset();
    expect(leaks).toEqual([]);
  });
  afterAll(async () => {
    await world.stack?.close();
  });
  return world;
}
