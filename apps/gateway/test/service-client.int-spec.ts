import { verifyIdentity } from '@poe/platform';
import express from 'express';
import { Agent, createServer, IncomingMessage, request, Server } from 'node:http';
import { ServiceClient } from '../src/upstream/service-client';

/**
 * The relay against real HTTP servers on loopback: a stand-in service and an Express app that
 * forwards to it the way the gateway's route handler does.
 */

const SECRET = 'x'.repeat(40);
const bob = { subject: 'bob', roles: ['incentives-user' as const], partnerId: 'partner-northwind' };
const servers: Server[] = [];

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

test('forward_upload_reachesTheServiceWhileTheClientIsStillSending_withTheSignedCaller', async () => {
  let firstChunkAt = 0;
  let seenCaller: unknown;
  const service = await listen(
    createServer((req, res) => {
      seenCaller = verifyIdentity(req.headers['x-poe-identity'] as string, SECRET);
      let bytes = 0;
      req.on('data', (c: Buffer) => {
        bytes += c.length;
        firstChunkAt ||= Date.now();
      });
      req.on('end', () => res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ bytes })));
    }),
  );
  const client = new ServiceClient({ claims: service, documents: service, review: service }, SECRET);
  const app = express();
  app.post('/upload', (req, res) => void client.forward(req, res, 'documents', '/documents', bob, { kind: 'stream' }));
  const gateway = await listen(createServer(app));

  // The client sends half, waits, then the rest: the service must see bytes before the second half.
  const url = new URL(`${gateway}/upload`);
  const answer = await new Promise<{ status: number; body: string; secondHalfAt: number }>((resolve, reject) => {
    const req = request({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=b', 'transfer-encoding': 'chunked' },
    });
    let secondHalfAt = 0;
    req.on('response', (res: IncomingMessage) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, secondHalfAt }));
    });
    req.on('error', reject);
    req.write(Buffer.alloc(64 * 1024, 1));
    setTimeout(() => {
      secondHalfAt = Date.now();
      req.end(Buffer.alloc(64 * 1024, 2));
    }, 300);
  });
  expect(answer.status).toBe(201);
  expect(JSON.parse(answer.body)).toEqual({ bytes: 128 * 1024 });
  expect(firstChunkAt).toBeGreaterThan(0);
  expect(firstChunkAt).toBeLessThan(answer.secondHalfAt);
  expect(seenCaller).toEqual(bob);
});

test('call_whenTheServiceDroppedAKeptAliveConnection_isSentAgainOnAFreshOne', async () => {
  let served = 0;
  const service = await listen(
    createServer((req, res) => {
      const socket = req.socket as typeof req.socket & { used?: boolean };
      // A connection that already served a request is dropped without an answer, as an idle one
      // closed by the server at the moment the gateway reuses it.
      if (socket.used) return socket.destroy();
      socket.used = true;
      served++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ served }));
    }),
  );
  const client = new ServiceClient({ claims: service, documents: service, review: service }, SECRET);
  const first = await client.call<{ served: number }>('claims', 'GET', '/claims/1', bob);
  const second = await client.call<{ served: number }>('claims', 'GET', '/claims/1', bob);
  expect([first.body.served, second.body.served]).toEqual([1, 2]);
  client.onModuleDestroy();
});

test('call_whenTheServiceIsDown_isA503UnavailableProblem', async () => {
  const client = new ServiceClient(
    { claims: 'http://127.0.0.1:1', documents: 'http://127.0.0.1:1', review: 'http://127.0.0.1:1' },
    SECRET,
  );
  await expect(client.call('claims', 'GET', '/claims', bob)).rejects.toMatchObject({
    code: 'UPSTREAM.UNAVAILABLE',
    kind: 'unavailable',
    retryAfterSeconds: 1,
  });
});

test('forward_upload_refusedBeforeItsEnd_answersTheClient_andTheNextUploadOnItsConnectionWorks', async () => {
  // A service that refuses at once, without reading the body (as documents does past its limit).
  let uploads = 0;
  const service = await listen(
    createServer((req, res) => {
      uploads++;
      if (uploads === 1) {
        // Answers, then reads what else comes, as a polite server does.
        res.writeHead(413, { 'content-type': 'application/problem+json' }).end('{"code":"DOCUMENT.TOO_LARGE"}');
        req.resume();
        return;
      }
      let bytes = 0;
      req.on('data', (c: Buffer) => (bytes += c.length));
      req.on('end', () => res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ bytes })));
    }),
  );
  const client = new ServiceClient({ claims: service, documents: service, review: service }, SECRET);
  const app = express();
  app.post('/upload', (req, res) => void client.forward(req, res, 'documents', '/documents', bob, { kind: 'stream' }));
  const gateway = await listen(createServer(app));

  // A client on one kept-alive connection (maxSockets 1): the refused upload, then the next one.
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const post = (body: Buffer) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL(`${gateway}/upload`);
      const r = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent });
      r.on('response', (res: IncomingMessage) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      r.on('error', reject);
      r.setTimeout(8000, () => r.destroy(new Error('no answer in 8 s')));
      r.end(body);
    });
  const t0 = Date.now();
  // Far more than the socket buffers hold, so Node's client stops sending once the answer is in.
  const refused = await post(Buffer.alloc(8 * 1024 * 1024, 1));
  expect(refused).toEqual({ status: 413, body: '{"code":"DOCUMENT.TOO_LARGE"}' });
  const next = await post(Buffer.alloc(1024, 2));
  expect(next).toEqual({ status: 201, body: '{"bytes":1024}' });
  expect(Date.now() - t0).toBeLessThan(4000);
  agent.destroy();
}, 30000);
