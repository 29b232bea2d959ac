import { Injectable, Logger } from '@nestjs/common';
import {
  CallerIdentity,
  CORRELATION_HEADER,
  currentCorrelationId,
  DomainError,
  IDENTITY_HEADER,
  signIdentity,
} from '@poe/platform';
import type { Request, Response } from 'express';
import { Agent, ClientRequest, IncomingMessage, request as httpRequest } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Upstream, UpstreamPool } from './upstream-pool';

export type ServiceName = 'claims' | 'documents' | 'review';

/** How long a signed caller identity is valid for the services (the decided 60 s). */
const IDENTITY_TTL_SECONDS = 60;
/** Answers up to this size with a known length are relayed in one write; larger ones are streamed. */
const SMALL_ANSWER_BYTES = 64 * 1024;

/** How long the rest of a refused upload is read and discarded before the client is cut off. */
const DISCARD_REST_MS = 10_000;

/** What `forward` sends upstream. */
export type ForwardBody = { kind: 'json'; value: unknown } | { kind: 'empty' } | { kind: 'stream' };

// What a client may tell a service, and what a service may tell the client; nothing else crosses.
const FORWARDED_REQUEST_HEADERS = [
  'accept',
  'content-type',
  'content-length',
  'if-match',
  'if-none-match',
  'idempotency-key',
];
const FORWARDED_RESPONSE_HEADERS = [
  'content-type',
  'content-length',
  'etag',
  'location',
  'content-disposition',
  'retry-after',
  'cache-control',
];

export interface UpstreamResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  body: T;
}

/** Calls `then` once the request's socket is connected (at once for a kept-alive one). */
function onceConnected(req: ClientRequest, then: () => void): void {
  req.once('socket', (socket) => (socket.connecting ? socket.once('connect', then) : then()));
}

/**
 * HTTP to the backend services over keep-alive connections, with the caller's identity signed for
 * them. Bodies can be streamed both ways (uploads and downloads are never buffered here). Each
 * service can have several instances (docs/gateway.md, "Several instances"): requests go round-robin
 * over the healthy ones, and a request whose connection was refused goes once to another one.
 */
@Injectable()
export class ServiceClient {
  private readonly logger = new Logger(ServiceClient.name);
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 256, keepAliveMsecs: 10_000 });
  private readonly signed = new Map<string, { header: string; reuseUntil: number }>();
  private readonly pools: Record<ServiceName, UpstreamPool>;

  constructor(
    urls: Record<ServiceName, string | string[]>,
    private readonly secret: string,
    checkEveryMs = 1000,
  ) {
    const pool = (service: ServiceName) =>
      new UpstreamPool(service, ([] as string[]).concat(urls[service]), checkEveryMs);
    this.pools = { claims: pool('claims'), documents: pool('documents'), review: pool('review') };
  }

  /** Starts the health polls of the services that have several instances. */
  onModuleInit(): void {
    for (const p of Object.values(this.pools)) p.start();
  }

  /** The instances of a service and whether each is in (readiness, tests). */
  upstreams(service: ServiceName): readonly Upstream[] {
    return this.pools[service].upstreams;
  }

  private open(
    upstream: Upstream,
    method: string,
    path: string,
    caller: CallerIdentity,
    headers: Record<string, string>,
  ) {
    const base = upstream.url;
    return httpRequest({
      agent: this.agent,
      protocol: base.protocol,
      hostname: base.hostname,
      port: base.port,
      method,
      path,
      headers: {
        ...headers,
        [IDENTITY_HEADER]: this.identityHeader(caller),
        [CORRELATION_HEADER]: currentCorrelationId() ?? '',
      },
    });
  }

  /**
   * The signed identity for a caller, reused while it has more than half of its 60 s left: signing
   * per request costs more than the rest of the relay for small JSON calls.
   */
  private identityHeader(caller: CallerIdentity): string {
    const key = `${caller.subject}|${caller.roles.join(',')}|${caller.partnerId ?? ''}`;
    const now = Date.now();
    const cached = this.signed.get(key);
    if (cached && cached.reuseUntil > now) return cached.header;
    if (this.signed.size >= 10_000) this.signed.clear();
    const header = signIdentity(caller, this.secret, IDENTITY_TTL_SECONDS, now);
    this.signed.set(key, { header, reuseUntil: now + (IDENTITY_TTL_SECONDS * 1000) / 2 });
    return header;
  }

  private unavailable(service: ServiceName, error: Error): DomainError {
    this.logger.warn({ msg: 'upstream unavailable', service, error: error.message });
    return new DomainError(
      'UPSTREAM.UNAVAILABLE',
      'unavailable',
      `the ${service} service does not answer; retry later`,
      [],
      1,
    );
  }

  /**
   * The instance to try after `failed` could not be connected to (taken out until its /health
   * passes), or `undefined` when there is no other one or this request may not move (again).
   */
  private failover(service: ServiceName, failed: Upstream, e: Error, mayNotMove: boolean): Upstream | undefined {
    const pool = this.pools[service];
    pool.markDown(failed, e.message);
    if (mayNotMove) return undefined;
    const other = pool.pick(failed);
    if (other) this.logger.warn({ msg: 'upstream refused; trying another', service, from: failed.url.origin });
    return other;
  }

  /**
   * Sends a request whose body is in hand and waits for the answer. Nothing reached the service,
   * so the request is sent again, in two cases: a kept-alive socket the service closed while idle
   * fails at once with ECONNRESET/EPIPE (sent once more on a fresh connection: Node's documented
   * `reusedSocket` pattern); a connection that never opened (refused, reset while connecting: the
   * instance is down) goes once to another instance. Streamed bodies never come here.
   */
  private send(
    service: ServiceName,
    method: string,
    path: string,
    caller: CallerIdentity,
    headers: Record<string, string>,
    payload: Buffer | undefined,
    upstream = this.pools[service].pick()!,
    retried = { stale: false, moved: false },
  ): Promise<IncomingMessage> {
    return new Promise<IncomingMessage>((resolve, reject) => {
      const req = this.open(upstream, method, path, caller, headers);
      let connected = false;
      onceConnected(req, () => (connected = true));
      req.on('response', resolve).on('error', (e: NodeJS.ErrnoException) => {
        const again = (to: Upstream, next: typeof retried) =>
          this.send(service, method, path, caller, headers, payload, to, next).then(resolve, reject);
        if (!retried.stale && req.reusedSocket && (e.code === 'ECONNRESET' || e.code === 'EPIPE')) {
          again(upstream, { ...retried, stale: true });
        } else if (!connected && !req.reusedSocket) {
          // After a stale-socket retry the first attempt may have reached a dying instance (its reset
          // looks the same): only a read may then go to another one.
          const moved = retried.moved || (retried.stale && method !== 'GET' && method !== 'HEAD');
          const other = this.failover(service, upstream, e, moved);
          if (other) again(other, { ...retried, moved: true });
          else reject(this.unavailable(service, e));
        } else {
          reject(this.unavailable(service, e));
        }
      });
      req.end(payload);
    });
  }

  /**
   * Opens a request whose body will be streamed, and hands it over once its connection is open:
   * until then no byte of the client's body was read, so a refused connection moves once to
   * another instance. After that, nothing is replayed.
   */
  private openStreamed(
    service: ServiceName,
    method: string,
    path: string,
    caller: CallerIdentity,
    headers: Record<string, string>,
    upstream = this.pools[service].pick()!,
    moved = false,
  ): Promise<ClientRequest> {
    return new Promise<ClientRequest>((resolve, reject) => {
      const req = this.open(upstream, method, path, caller, headers);
      const refused = (e: Error) => {
        const other = this.failover(service, upstream, e, moved);
        if (other) this.openStreamed(service, method, path, caller, headers, other, true).then(resolve, reject);
        else reject(this.unavailable(service, e));
      };
      req.once('error', refused);
      onceConnected(req, () => {
        req.off('error', refused);
        resolve(req);
      });
    });
  }

  /** A JSON call whose answer the gateway reads (to compose a view); non-2xx answers are returned too. */
  async call<T>(
    service: ServiceName,
    method: string,
    path: string,
    caller: CallerIdentity,
    body?: unknown,
  ): Promise<UpstreamResponse<T>> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string> = { accept: 'application/json' };
    if (payload)
      Object.assign(headers, { 'content-type': 'application/json', 'content-length': String(payload.length) });
    const res = await this.send(service, method, path, caller, headers, payload);
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    return {
      status: res.statusCode ?? 502,
      headers: pickHeaders(res),
      body: parseJson(text) as T,
    };
  }

  /**
   * Relays the client's request to a service and the answer back. `body`: the checked JSON value,
   * nothing, or `stream` to pipe the raw request body through (uploads: never buffered here).
   * `publicPrefix` turns the service's relative Location into the public one.
   */
  async forward(
    req: Request,
    res: Response,
    service: ServiceName,
    path: string,
    caller: CallerIdentity,
    body: ForwardBody = { kind: 'stream' },
    publicPrefix = '',
  ) {
    const headers: Record<string, string> = {};
    for (const h of FORWARDED_REQUEST_HEADERS) {
      const v = req.headers[h];
      if (typeof v === 'string') headers[h] = v;
    }
    let payload: Buffer | undefined;
    if (body.kind === 'json') {
      payload = Buffer.from(JSON.stringify(body.value));
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(payload.length);
    } else if (body.kind === 'empty') {
      delete headers['content-type'];
      headers['content-length'] = '0';
      payload = Buffer.alloc(0);
    }
    let answered: Promise<IncomingMessage>;
    let upstreamReq: ClientRequest | undefined;
    if (payload !== undefined) {
      answered = this.send(service, req.method, path, caller, headers, payload);
    } else {
      const upstream = (upstreamReq = await this.openStreamed(service, req.method, path, caller, headers));
      answered = new Promise<IncomingMessage>((resolve, reject) => {
        upstream.on('response', resolve).on('error', (e) => reject(this.unavailable(service, e)));
      });
      // Streamed: a client that goes away aborts the upload upstream too.
      if (req.destroyed) upstream.destroy(new Error('client aborted'));
      req.on('aborted', () => upstream.destroy(new Error('client aborted')));
      void pipeline(req as Readable, upstream).catch(() => undefined);
    }
    const upstreamRes = await answered;
    // The service answered before the whole upload reached it (a refusal: too large, wrong type).
    // Node's client stops sending then, so the client's remaining body would never be read and its
    // connection would stall until the keep-alive timeout: stop relaying, discard the rest for a
    // bounded time, close the client's connection after the answer, and drop the upstream socket.
    const cutShort = upstreamReq !== undefined && !upstreamReq.writableFinished;
    if (cutShort) {
      (req as Readable).unpipe(upstreamReq);
      res.setHeader('connection', 'close');
      const giveUp = setTimeout(() => req.destroy(), DISCARD_REST_MS).unref();
      req.once('end', () => clearTimeout(giveUp)).resume();
    }
    res.status(upstreamRes.statusCode ?? 502);
    for (const [k, v] of Object.entries(pickHeaders(upstreamRes))) {
      res.setHeader(k, k === 'location' && v.startsWith('/') ? `${publicPrefix}${v}` : v);
    }
    try {
      const length = Number(upstreamRes.headers['content-length']);
      if (length <= SMALL_ANSWER_BYTES) {
        // A small answer (every JSON one) leaves in one write with its headers.
        const chunks: Buffer[] = [];
        for await (const chunk of upstreamRes) chunks.push(chunk as Buffer);
        res.end(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
      } else {
        await pipeline(upstreamRes, res);
      }
    } catch (e) {
      // The status line is out: the only honest signal left is a cut connection.
      this.logger.warn({ msg: 'relay interrupted', service, error: (e as Error).message });
      res.destroy();
    }
    if (cutShort) upstreamReq!.destroy();
  }

  onModuleDestroy() {
    for (const p of Object.values(this.pools)) p.stop();
    this.agent.destroy();
  }
}

function pickHeaders(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of FORWARDED_RESPONSE_HEADERS) {
    const v = res.headers[h];
    if (typeof v === 'string') out[h] = v;
  }
  return out;
}

/** A JSON answer, or the text when a service answered something else (kept for the error report). */
function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return { detail: text.slice(0, 500) };
  }
}
