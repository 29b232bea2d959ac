import type { LoggerService, LogLevel } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { currentCorrelationId } from './correlation';

const LEVELS: LogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];
const LABEL: Record<LogLevel, string> = {
  verbose: 'trace',
  debug: 'debug',
  log: 'info',
  warn: 'warn',
  error: 'error',
  fatal: 'fatal',
};

export type LogThreshold = 'debug' | 'info' | 'warn' | 'error';
const THRESHOLD_INDEX: Record<LogThreshold, number> = { debug: 1, info: 2, warn: 3, error: 4 };

let sink: (line: string) => void = (line) => process.stdout.write(line + '\n');

/**
 * Where every JsonLogger without a writer of its own sends its lines (stdout unless told): the
 * test support sends a test file's service logs to a file of its own (test/support/test-logs.ts).
 */
export function sendLogsTo(write: (line: string) => void): void {
  sink = write;
}

/** One JSON object per line on stdout, with the service name and the current correlation id. */
export class JsonLogger implements LoggerService {
  private readonly minIndex: number;

  constructor(
    private readonly service: string,
    threshold: LogThreshold = 'info',
    private readonly write: (line: string) => void = (line) => sink(line),
  ) {
    this.minIndex = THRESHOLD_INDEX[threshold];
  }

  log(message: unknown, ...rest: unknown[]) {
    this.emit('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.emit('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.emit('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.emit('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.emit('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]) {
    this.emit('fatal', message, rest);
  }

  private emit(level: LogLevel, message: unknown, rest: unknown[]) {
    if (LEVELS.indexOf(level) < this.minIndex) return;
    // Nest passes the context (logger name) last; an error's stack, when present, comes before it.
    const args = [...rest];
    const context = typeof args[args.length - 1] === 'string' ? (args.pop() as string) : undefined;
    const entry: Record<string, unknown> = {
      time: new Date().toISOString(),
      level: LABEL[level],
      service: this.service,
      context,
      correlationId: currentCorrelationId(),
    };
    if (message instanceof Error) {
      entry.msg = message.message;
      entry.stack = message.stack;
    } else if (typeof message === 'object' && message !== null) {
      Object.assign(entry, message);
    } else {
      entry.msg = String(message);
    }
    for (const extra of args) {
      if (typeof extra === 'string') entry.stack = extra;
      else if (extra instanceof Error) entry.stack = extra.stack;
      else if (extra !== undefined) entry.detail = extra;
    }
    this.write(JSON.stringify(entry));
  }
}

/** Access log: one line per finished request, carrying the request's correlation id. */
export function accessLog(logger: LoggerService) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      // Successful requests are counted by metrics; only failures are worth a line at info level.
      const write = res.statusCode >= 500 ? logger.error : res.statusCode >= 400 ? logger.warn : logger.debug;
      write?.call(
        logger,
        {
          msg: 'request',
          method: req.method,
          path: req.originalUrl.split('?')[0],
          status: res.statusCode,
          durationMs: Number(process.hrtime.bigint() - started) / 1e6,
        },
        'http',
      );
    });
    next();
  };
}
