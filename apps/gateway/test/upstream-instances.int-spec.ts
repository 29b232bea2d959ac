import express from 'express';
import { createServer, IncomingMessage, request, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { ServiceClient } from '../src/upstream/service-client';

/**
 * Several instances of one service behind the relay, as real HTTP servers on loopback: requests
 * spread over them, an instance that is killed is passed over, and what may have reached a
 * service is never sent twice.
 */

// Health checks decide some steps: on a busy machine they take longer than jest's default 5 s.
jest.setTimeout(30_000);

const SECRET = 'x'.repeat(40);
const bob = { subject: 'bob', roles: ['incentives-user' as const], partnerId: 'partner-northwind' };
const CHECK_MS = 200;
const open: Server[] = [];
const clients: ServiceClient[] = [];

/** A stand-in service instance that answers with its name and counts what it served. */
async function instance(name: string, port = 0, handler?: (req: IncomingMessage, res: ServerResponse) => void) {
  const served = { count: 0, bodies: [] as number[] };
  const server = createServer((req, res) => {
    if (req.url === '/health') return res.writeHead(200).end('{"status":"ok"}');
    if (handler) return handler(req, res);
    let bytes = 0;
    req.on('data', (c: Buffer) => (bytes += c.length));
    req.on('end', () => {
      served.count++;
      served.bodies.push(bytes);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name, bytes }));
    });
  });
  open.push(server);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  /** As SIGKILL leaves it: the port refuses connections, kept-alive sockets are cut. */
  const kill = async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  };
  return { name, url, served, kill, port: (server.address() as AddressInfo).port };
}

function client(urls: string[]) {
  const c = new ServiceClient({ claims: urls, documents: urls, review: urls }, SECRET, CHECK_MS);
  c.onModuleInit();
  clients.push(c);
  return c;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Waits for what the health checks decide (a few check intervals, longer on a busy machine). */
async function until(what: string, cond: () => boolean, timeoutMs = 5000) {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await sleep(20);
  }
}
const states = (c: ServiceClient) => c.upstreams('claims').map((u) => u.healthy);

afterAll(async () => {
  for (const c of clients) c.onModuleDestroy();
  for (const s of open) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

test('call_withTwoInstances_spreadsRequestsRoundRobin', async () => {
  const [a, b] = [await instance('a'), await instance('b')];
  const c = client([a.url, b.url]);
  const names: string[] = [];
  for (let i = 0; i < 6; i++)
    names.push((await c.call<{ name: string }>('claims', 'POST', '/claims', bob, {})).body.name);
  expect(names.sort()).toEqual(['a', 'a', 'a', 'b', 'b', 'b']);
});

test('call_whenOneInstanceIsKilled_everyRequestIsServedByTheOther_andTheKilledOneReturnsWhenHealthy', async () => {
  const [a, b] = [await instance('a'), await instance('b')];
  const c = client([a.url, b.url]);
  // Kept-alive connections to both first, as under load.
  await Promise.all([1, 2, 3, 4].map(() => c.call('claims', 'GET', '/claims', bob)));
  await a.kill();
  // The resets of a's kept-alive sockets reach the client first, as they do when a process dies
  // (a write racing such a reset is the case the next-but-two test covers).
  await sleep(100);

  // Before any health check noticed: refused connections move to b; nothing fails.
  const answers = await Promise.all(
    Array.from({ length: 20 }, () => c.call<{ name: string }>('claims', 'POST', '/claims', bob, { n: 1 })),
  );
  expect(answers.map((r) => [r.status, r.body.name])).toEqual(Array(20).fill([200, 'b']));
  expect(c.upstreams('claims').map((u) => u.healthy)).toEqual([false, true]);

  // Back on the same port: in again after a passing /health, and served again.
  const again = await instance('a2', a.port);
  await until('a back in', () => states(c)[0]);
  expect(states(c)).toEqual([true, true]);
  const names = new Set<string>();
  for (let i = 0; i < 4; i++) names.add((await c.call<{ name: string }>('claims', 'GET', '/claims', bob)).body.name);
  expect([...names].sort()).toEqual(['a2', 'b']);
  expect(again.served.count).toBeGreaterThan(0);
});

test('call_whenAnInstanceFailsItsHealthCheck_itIsTakenOutUntilItPasses', async () => {
  // An instance whose /health answer the test decides.
  let healthy = false;
  const flaky = createServer((req, res) => {
    if (req.url === '/health') return res.writeHead(healthy ? 200 : 503).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"name":"flaky"}');
  });
  open.push(flaky);
  await new Promise<void>((r) => flaky.listen(0, '127.0.0.1', r));
  const flakyUrl = `http://127.0.0.1:${(flaky.address() as AddressInfo).port}`;
  const b = await instance('b');
  const c = client([flakyUrl, b.url]);
  await until('flaky taken out', () => !states(c)[0]);
  expect(states(c)).toEqual([false, true]);
  for (let i = 0; i < 4; i++) expect((await c.call<{ name: string }>('claims', 'GET', '/x', bob)).body.name).toBe('b');
  healthy = true;
  await until('flaky back in', () => states(c)[0]);
  const names = new Set<string>();
  for (let i = 0; i < 4; i++) names.add((await c.call<{ name: string }>('claims', 'GET', '/x', bob)).body.name);
  expect([...names].sort()).toEqual(['b', 'flaky']);
});

test('call_whenTheInstanceDropsTheConnectionAfterTheRequestReachedIt_isNotSentAgain', async () => {
  // The request reached the service (it may have acted on it): another instance must not get it.
  const dropper = await instance('dropper', 0, (req) => req.socket.destroy());
  const b = await instance('b');
  const c = client([dropper.url, b.url]);
  const outcomes: string[] = [];
  for (let i = 0; i < 4; i++) {
    await c.call<{ name: string }>('claims', 'POST', '/claims', bob, {}).then(
      (r) => outcomes.push(r.body.name),
      (e: { code: string }) => outcomes.push(e.code),
    );
  }
  expect(outcomes.sort()).toEqual(['UPSTREAM.UNAVAILABLE', 'UPSTREAM.UNAVAILABLE', 'b', 'b']);
  expect(b.served.count).toBe(2);
});

test('call_whenAnInstanceDiesWhileHandlingARequestOnAKeptAliveConnection_onlyAReadMovesToTheOther', async () => {
  // Its reset looks like an idle connection closed by the server: retried on a fresh connection,
  // which is refused. A write may have been applied by the dead instance: it is not sent elsewhere.
  const outcome = async (method: 'GET' | 'POST') => {
    let dying = false;
    const dier = await instance('dier', 0, (req, res) => {
      if (!dying) return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"name":"dier"}');
      req.socket.destroy();
      void dier.kill();
    });
    const b = await instance('b');
    const c = client([dier.url, b.url]);
    // A kept-alive connection to each, then the next request goes to the dier on its old socket.
    await c.call('claims', 'GET', '/warm', bob);
    await c.call('claims', 'GET', '/warm', bob);
    dying = true;
    const before = b.served.count;
    const answer = await c
      .call<{ name: string }>('claims', method, '/claims', bob, method === 'POST' ? {} : undefined)
      .then(
        (r) => r.body.name,
        (e: { code: string }) => e.code,
      );
    return { answer, servedByOther: b.served.count - before };
  };
  expect(await outcome('POST')).toEqual({ answer: 'UPSTREAM.UNAVAILABLE', servedByOther: 0 });
  expect(await outcome('GET')).toEqual({ answer: 'b', servedByOther: 1 });
});

test('forward_upload_whenTheFirstInstanceRefuses_isStreamedWhole_toTheOther', async () => {
  const [a, b] = [await instance('a'), await instance('b')];
  const c = client([a.url, b.url]);
  await a.kill();
  const app = express();
  app.post('/upload', (req, res) => void c.forward(req, res, 'documents', '/documents', bob, { kind: 'stream' }));
  const gw = createServer(app);
  open.push(gw);
  await new Promise<void>((r) => gw.listen(0, '127.0.0.1', r));
  const port = (gw.address() as AddressInfo).port;
  const post = () =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const r = request({ host: '127.0.0.1', port, path: '/upload', method: 'POST' }, (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      r.on('error', reject);
      r.end(Buffer.alloc(256 * 1024, 7));
    });
  // Round-robin would send one of the two to a: both must arrive whole at b.
  const answers = [await post(), await post()];
  expect(answers).toEqual([
    { status: 200, body: JSON.stringify({ name: 'b', bytes: 256 * 1024 }) },
    { status: 200, body: JSON.stringify({ name: 'b', bytes: 256 * 1024 }) },
  ]);
  expect(b.served.bodies).toEqual([256 * 1024, 256 * 1024]);
});

test('call_whenEveryInstanceIsDown_isA503UnavailableProblem', async () => {
  const [a, b] = [await instance('a'), await instance('b')];
  const c = client([a.url, b.url]);
  await Promise.all([a.kill(), b.kill()]);
  await expect(c.call('claims', 'GET', '/claims', bob)).rejects.toMatchObject({ code: 'UPSTREAM.UNAVAILABLE' });
  await sleep(CHECK_MS * 2);
  await expect(c.call('claims', 'GET', '/claims', bob)).rejects.toMatchObject({ code: 'UPSTREAM.UNAVAILABLE' });
});
