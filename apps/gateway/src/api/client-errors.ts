import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * What Node's HTTP parser refuses before any route runs (headers over `maxHeaderSize`, a malformed
 * request line) gets the same problem+json as every other refusal instead of Node's bare status
 * line. The limit is explicit here, not left to Node's command-line default.
 */
const REFUSALS: Record<string, { status: number; title: string; code: string; detail: (max: number) => string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    title: 'Request Header Fields Too Large',
    code: 'REQUEST.HEADERS_TOO_LARGE',
    detail: (max) => `the request line and headers are larger than ${max} bytes`,
  },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: {
    status: 413,
    title: 'Payload Too Large',
    code: 'REQUEST.TOO_LARGE',
    detail: () => 'a chunk extension is too large',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    title: 'Request Timeout',
    code: 'REQUEST.TIMEOUT',
    detail: () => 'the request was not received in time',
  },
};
const MALFORMED = {
  status: 400,
  title: 'Bad Request',
  code: 'REQUEST.MALFORMED',
  detail: () => 'the request is not well-formed HTTP/1.1',
};

export function answerClientErrors(server: Server, maxHeaderBytes: number): void {
  // Read by Node's parser for each new connection (http.createServer's `maxHeaderSize` option).
  (server as Server & { maxHeaderSize: number }).maxHeaderSize = maxHeaderBytes;
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const refusal = REFUSALS[err.code ?? ''] ?? MALFORMED;
    const body = JSON.stringify({
      type: `https://poe-claims.dev/problems/${refusal.code.toLowerCase().replace(/[._]/g, '-')}`,
      title: refusal.code,
      status: refusal.status,
      detail: refusal.detail(maxHeaderBytes),
      code: refusal.code,
    });
    socket.end(
      `HTTP/1.1 ${refusal.status} ${refusal.title}\r\n` +
        'Content-Type: application/problem+json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  });
}
