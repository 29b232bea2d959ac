import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { currentCorrelationId } from './correlation';
import { DomainError, ErrorKind, FieldViolation } from './errors';
import { outageOf } from './outage';
import { JsonBodyRefused } from './strict-json';

/** RFC 9457 problem details, with the field violations of a validation failure. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  correlationId?: string;
  errors?: FieldViolation[];
}

const STATUS_OF: Record<ErrorKind, number> = {
  invalid: HttpStatus.UNPROCESSABLE_ENTITY,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  precondition: HttpStatus.PRECONDITION_FAILED,
  too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  unsupported_media: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  too_many_requests: HttpStatus.TOO_MANY_REQUESTS,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

const PROBLEM_BASE = 'https://poe-claims.dev/problems/';

/** Flattens class-validator's nested errors into `field` paths with the rule that failed. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldViolation[] {
  const out: FieldViolation[] = [];
  for (const e of errors) {
    const field = parent
      ? /^\d+$/.test(e.property)
        ? `${parent}[${e.property}]`
        : `${parent}.${e.property}`
      : e.property;
    for (const [rule, message] of Object.entries(e.constraints ?? {})) out.push({ field, rule, message });
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

export class RequestValidationError extends BadRequestException {
  constructor(readonly violations: FieldViolation[]) {
    super('The request body or query breaks validation rules');
  }
}

/** Whitelisting pipe whose failures become problem+json with each field and rule named. */
export const createValidationPipe = () =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new RequestValidationError(flattenValidationErrors(errors)),
  });

/** What a client is told to wait when the database, object store or broker is down. */
const OUTAGE_RETRY_AFTER_SECONDS = 2;
const OUTAGE_CODE = 'SERVICE.UNAVAILABLE';

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<{ originalUrl?: string }>();
    const problem = this.toProblem(exception);
    // The path only: a query string can carry what does not belong in a problem (or in its logs).
    problem.instance = req.originalUrl?.split('?')[0];
    problem.correlationId = currentCorrelationId();
    const outage = problem.code === OUTAGE_CODE;
    const retryAfter =
      exception instanceof DomainError ? exception.retryAfterSeconds : outage ? OUTAGE_RETRY_AFTER_SECONDS : undefined;
    if (retryAfter !== undefined) res.setHeader('retry-after', String(retryAfter));
    if (outage)
      this.logger.warn(`dependency unavailable: ${exception instanceof Error ? exception.message : String(exception)}`);
    if (problem.status >= 500 && problem.status !== 503)
      this.logger.error(exception instanceof Error ? exception : String(exception));
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof DomainError) {
      const status = STATUS_OF[exception.kind];
      return {
        type: PROBLEM_BASE + exception.code.toLowerCase().replace(/[._]/g, '-'),
        title: exception.code,
        status,
        detail: exception.message,
        code: exception.code,
        ...(exception.violations.length ? { errors: exception.violations } : {}),
      };
    }
    if (exception instanceof RequestValidationError) {
      return {
        type: PROBLEM_BASE + 'request-validation',
        title: 'REQUEST.INVALID',
        status: HttpStatus.BAD_REQUEST,
        detail: exception.violations.map((v) => `${v.field}: ${v.message}`).join('; '),
        code: 'REQUEST.INVALID',
        errors: exception.violations,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const detail =
        typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? exception.message);
      const code = `HTTP.${HttpStatus[status] ?? status}`;
      return { type: 'about:blank', title: HttpStatus[status] ?? 'Error', status, detail, code };
    }
    const dependency = outageOf(exception);
    if (dependency) {
      return {
        type: PROBLEM_BASE + 'service-unavailable',
        title: OUTAGE_CODE,
        status: HttpStatus.SERVICE_UNAVAILABLE,
        detail: `${dependency} did not answer; retry after ${OUTAGE_RETRY_AFTER_SECONDS} s`,
        code: OUTAGE_CODE,
      };
    }
    return {
      type: 'about:blank',
      title: 'Internal Server Error',
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      detail: 'An unexpected error occurred; it has been logged with the correlation id.',
      code: 'INTERNAL',
    };
  }
}

/**
 * The JSON parser's refusals as problems: a body over the limit is 413 (unhandled, they would be
 * 500s), malformed JSON a 400 naming `body`. Registered right after the parser, before routes.
 */
export function bodyParserProblems(limit: string) {
  return (err: unknown, _req: Request, _res: Response, next: NextFunction) => {
    const type = (err as { type?: string } | undefined)?.type;
    if (type === 'entity.too.large') {
      return next(new DomainError('REQUEST.TOO_LARGE', 'too_large', `the JSON body is larger than ${limit}`));
    }
    if (err instanceof JsonBodyRefused) return next(new RequestValidationError([err.violation]));
    if (type === 'entity.parse.failed') {
      const message = `the body is not well-formed JSON: ${(err as Error).message}`;
      return next(new RequestValidationError([{ field: 'body', rule: 'isJson', message }]));
    }
    if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
      return next(new DomainError('REQUEST.UNSUPPORTED_MEDIA_TYPE', 'unsupported_media', (err as Error).message));
    }
    next(err);
  };
}
