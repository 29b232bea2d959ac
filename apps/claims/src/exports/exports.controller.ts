import { Controller, Get, Logger, Query, Res } from '@nestjs/common';
import { ExportClaimsQueryDto } from '@poe/contracts/queries';
import { Caller, CallerIdentity } from '@poe/platform';
import { stringify } from 'csv-stringify';
import type { Response } from 'express';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ClaimState } from '../claims/claim';
import { ClaimsRepository } from '../claims/claims.repository';
import { requireRole, scopeOf } from '../shared/access';
import { CLAIM_EXPORT_COLUMNS, exportRow } from './claims-export';

/** A partner id no claim has (ids start with a letter or digit): the empty export. */
const NO_PARTNER = '-none-';

/**
 * The finance export: every claim the caller may see, as CSV, streamed from a database cursor
 * through csv-stringify to the client with back-pressure (no row limit, memory bounded by a batch).
 * The review team and service accounts (finance systems) get all partners; a partner's
 * incentives-admin its own partner's; an incentives-user none.
 */
@Controller('exports')
export class ExportsController {
  private readonly logger = new Logger(ExportsController.name);

  constructor(private readonly claims: ClaimsRepository) {}

  @Get('claims')
  async exportClaims(@Caller() caller: CallerIdentity, @Query() q: ExportClaimsQueryDto, @Res() res: Response) {
    requireRole(caller, ['reviewer', 'service', 'incentives-admin'], 'exporting claims');
    const scope = scopeOf(caller);
    // Like the claim list: another partner asked for by a partner's admin is an empty file, not an error.
    const otherPartner = scope.kind === 'partner' && q.partnerId !== undefined && q.partnerId !== scope.partnerId;
    const rows = this.claims.streamAll({
      partnerId: otherPartner ? NO_PARTNER : scope.kind === 'partner' ? scope.partnerId : q.partnerId,
      status: q.status,
      campaignId: q.campaignId,
      from: q.from,
      to: q.to,
    });
    const day = new Date().toISOString().slice(0, 10);
    res.status(200);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="claims-${day}.csv"`);
    res.setHeader('cache-control', 'no-store');
    const toRow = new Transform({
      objectMode: true,
      transform: (claim: ClaimState, _enc, done) => done(null, exportRow(claim)),
    });
    const csv = stringify({
      header: true,
      columns: CLAIM_EXPORT_COLUMNS.map((c) => c.header),
      record_delimiter: 'windows',
    });
    try {
      await pipeline(rows, toRow, csv, res);
    } catch (e) {
      // The status line is out: a cut connection is the only honest signal left (the file is incomplete).
      this.logger.warn({ msg: 'claims export interrupted', error: (e as Error).message });
      res.destroy();
    }
  }
}
