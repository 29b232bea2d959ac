import { Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { Caller, CallerIdentity, DomainError } from '@poe/platform';
import type { Request } from 'express';
import { CATALOG_WRITERS } from '../catalog/catalog.service';
import { CLAIMS_CONFIG } from '../claims.tokens';
import type { ClaimsConfig } from '../config';
import { requireRole } from '../shared/access';
import { AllocationsService } from './allocations.service';

/** Reads a text/csv (UTF-8) body up to `maxBytes`; over it: 413, and the rest is not read. */
export async function readCsvBody(req: Request, maxBytes: number): Promise<Buffer> {
  const [type, ...params] = (req.headers['content-type'] ?? '').split(';').map((p) => p.trim().toLowerCase());
  const charset = params
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '');
  if (type !== 'text/csv' || (charset !== undefined && charset !== 'utf-8')) {
    throw new DomainError(
      'REQUEST.UNSUPPORTED_MEDIA_TYPE',
      'unsupported_media',
      'this route takes text/csv in UTF-8 (Content-Type: text/csv; charset=utf-8)',
    );
  }
  const tooLarge = () =>
    new DomainError('ALLOCATIONS.FILE_TOO_LARGE', 'too_large', `the CSV file is larger than ${maxBytes} bytes`);
  if (Number(req.headers['content-length']) > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Bulk allocations from a CSV file: a dry run that changes nothing, and apply (docs/allocations.md). */
@Controller('allocations')
export class AllocationsController {
  constructor(
    private readonly allocations: AllocationsService,
    @Inject(CLAIMS_CONFIG) private readonly config: ClaimsConfig,
  ) {}

  @Post('dry-run')
  @HttpCode(200)
  async dryRun(@Caller() caller: CallerIdentity, @Req() req: Request) {
    // Refused before a byte of the file is read.
    requireRole(caller, [...CATALOG_WRITERS], 'checking an allocation file');
    return this.allocations.dryRun(caller, await readCsvBody(req, this.config.ALLOCATIONS_CSV_MAX_BYTES));
  }

  @Post('apply')
  @HttpCode(200)
  async apply(@Caller() caller: CallerIdentity, @Req() req: Request) {
    requireRole(caller, [...CATALOG_WRITERS], 'applying an allocation file');
    return this.allocations.apply(caller, await readCsvBody(req, this.config.ALLOCATIONS_CSV_MAX_BYTES));
  }
}
