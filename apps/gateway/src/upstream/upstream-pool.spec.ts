import { UpstreamPool } from './upstream-pool';

const pool = (...ports: number[]) =>
  new UpstreamPool(
    'claims',
    ports.map((p) => `http://127.0.0.1:${p}`),
  );
const portsOf = (p: UpstreamPool, n: number, except?: number) =>
  Array.from({ length: n }, () => p.pick(except === undefined ? undefined : p.upstreams[except])?.url.port);

test('pick_goesRoundRobinOverTheHealthyInstances', () => {
  const p = pool(1, 2, 3);
  expect(portsOf(p, 6)).toEqual(['1', '2', '3', '1', '2', '3']);
  p.markDown(p.upstreams[1], 'refused');
  expect(new Set(portsOf(p, 4))).toEqual(new Set(['1', '3']));
});

test('pick_exceptTheOneThatFailed_neverReturnsIt_andNothingWhenItIsTheOnlyOne', () => {
  const p = pool(1, 2);
  expect(portsOf(p, 3, 0)).toEqual(['2', '2', '2']);
  const single = pool(1);
  expect(single.pick(single.upstreams[0])).toBeUndefined();
});

test('pick_whenNoInstanceIsHealthy_triesThemAnyway', () => {
  const p = pool(1, 2);
  p.upstreams.forEach((u) => p.markDown(u, 'refused'));
  expect(new Set(portsOf(p, 2))).toEqual(new Set(['1', '2']));
});

test('markDown_aSingleInstance_staysIn', () => {
  const single = pool(1);
  single.markDown(single.upstreams[0], 'refused');
  expect(single.upstreams[0].healthy).toBe(true);
});
