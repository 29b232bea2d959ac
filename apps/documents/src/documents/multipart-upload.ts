import busboy from 'busboy';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { DocumentErrors } from './documents.errors';

export interface FilePart {
  fieldName: string;
  fileName: string;
  mimeType: string;
  stream: Readable;
  /** Form fields that came before the file part. */
  fieldsSoFar: Record<string, string>;
}

/** Framing and form fields a multipart body may add on top of the file itself. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/**
 * Reads a multipart/form-data request with exactly one file part, handing the file to `onFile` as
 * a stream (never buffered whole). Resolves with the form fields once the body is consumed and
 * `onFile` finished; rejects at the first failure without waiting for the rest of the body.
 */
export async function readSingleFileUpload<T>(
  req: IncomingMessage,
  maxFileBytes: number,
  onFile: (part: FilePart) => Promise<T>,
): Promise<{ fields: Record<string, string>; result: T }> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\s*;/i.test(type)) throw DocumentErrors.notMultipart();
  const declaredLength = Number(req.headers['content-length']);
  // A declared body already too big is refused before a single byte is read or stored.
  if (Number.isFinite(declaredLength) && declaredLength > maxFileBytes + MULTIPART_OVERHEAD_BYTES) {
    throw DocumentErrors.tooLarge(maxFileBytes);
  }
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      // Browsers send file names as raw UTF-8; busboy's default would read them as Latin-1.
      defParamCharset: 'utf8',
      // busboy would cut "../../x.pdf" down to "x.pdf"; the name rules must see what was sent.
      preservePath: true,
      // One byte over the limit lets our own count see the file is too large.
      limits: { files: 1, fileSize: maxFileBytes + 1, fields: 10, fieldSize: 1024, parts: 11 },
    });
  } catch {
    throw DocumentErrors.notMultipart();
  }
  const fields: Record<string, string> = {};
  return new Promise((resolve, reject) => {
    let settled = false;
    let filePromise: Promise<T> | undefined;
    let bodyDone = false;
    let fileStream: Readable | undefined;
    const fail = (e: unknown) => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      // Without more input the file stream would never end: end it with the error so the
      // consumer stops, rolls back and gives its part buffer back.
      if (fileStream && !fileStream.destroyed) {
        // The handler may have failed before reading the stream: nobody else listens for its error then.
        fileStream.on('error', () => undefined);
        fileStream.destroy(e instanceof Error ? e : new Error(String(e)));
      }
      reject(e);
    };
    const maybeDone = () => {
      if (!bodyDone || settled) return;
      if (!filePromise) return fail(DocumentErrors.fileMissing());
      filePromise.then((result) => {
        if (settled) return;
        settled = true;
        resolve({ fields, result });
      }, fail);
    };
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (fieldName, stream, info) => {
      if (filePromise || fieldName !== 'file') {
        stream.resume();
        return fail(
          filePromise
            ? DocumentErrors.tooManyFiles()
            : DocumentErrors.invalidField(fieldName, 'unknownPart', 'the file part must be named "file"'),
        );
      }
      // The HTML form encoding escapes only these three characters in a file name.
      fileStream = stream;
      const fileName = (info.filename ?? '').replace(/%22/g, '"').replace(/%0D|%0A/gi, ' ');
      filePromise = onFile({ fieldName, fileName, mimeType: info.mimeType ?? '', stream, fieldsSoFar: { ...fields } });
      // A failing file handler fails the request at once, whatever is left of the body.
      filePromise.catch(fail);
    });
    parser.on('filesLimit', () => fail(DocumentErrors.tooManyFiles()));
    parser.on('fieldsLimit', () => fail(DocumentErrors.invalidField('form', 'maxFields', 'too many form fields')));
    parser.on('partsLimit', () => fail(DocumentErrors.invalidField('form', 'maxParts', 'too many form parts')));
    parser.on('error', (e) => {
      const message = e instanceof Error ? e.message : '';
      // A raw control character in a part header (e.g. a NUL in the file name) breaks the header itself.
      if (/Malformed part header/i.test(message)) return fail(DocumentErrors.malformedMultipart());
      fail(/Unexpected end|Malformed|boundary/i.test(message) ? DocumentErrors.uploadAborted() : e);
    });
    parser.on('close', () => {
      bodyDone = true;
      maybeDone();
    });
    req.on('aborted', () => fail(DocumentErrors.uploadAborted()));
    req.pipe(parser);
  });
}

/**
 * After an upload is refused mid-body, the client is usually still sending. Reading (and
 * discarding) the rest lets it see our answer instead of a reset, and leaves the kept-alive
 * connection clean for its next request. Resolves when the answer may go: once the body has ended,
 * or after `answerWithinMs` for a client still sending (a slow one gets its answer promptly).
 * Waiting for a fast sender's last byte matters behind a proxy: Node's HTTP client stalls for good
 * when a keep-alive request is still writing a large body after its whole answer arrived (the
 * gateway then held the connection until its keep-alive timeout and reset it).
 *
 * Past `maxMs` we stop reading and hang up, but only once the answer has left and the peer had
 * `lingerMs` to read it: a reset reaching the peer before it read the answer makes its TCP stack
 * drop the answer. No `Connection: close` and no byte bound: Node destroys a `close` socket as
 * soon as the answer is written, and a byte bound cut the body short while the peer had already
 * put the rest in the socket; either way the gateway saw a dead upstream and answered 503.
 */
export function discardRestOfBody(
  req: IncomingMessage,
  res: ServerResponse,
  { answerWithinMs = 500, maxMs = 10_000, lingerMs = 1_000 } = {},
): Promise<void> {
  if (req.readableEnded || req.destroyed) return Promise.resolve();
  let hungUp = false;
  const hangUp = () => {
    if (hungUp || req.readableEnded) return;
    hungUp = true;
    req.pause();
    const destroyLater = () => setTimeout(() => req.destroy(), lingerMs).unref();
    if (res.writableFinished) destroyLater();
    else res.once('close', destroyLater);
  };
  const timer = setTimeout(hangUp, maxMs);
  timer.unref();
  req.on('end', () => clearTimeout(timer));
  req.on('close', () => clearTimeout(timer));
  req.resume();
  return new Promise((resolve) => {
    const answerAnyway = setTimeout(resolve, answerWithinMs);
    const ended = () => {
      clearTimeout(answerAnyway);
      resolve();
    };
    req.once('end', ended);
    req.once('close', ended);
  });
}
