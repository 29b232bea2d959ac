import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { Caller, CallerIdentity } from '@poe/platform';
import type { Response } from 'express';
import { versionFromIfMatch } from '../shared/etag';
import { ClaimResult, ClaimsService } from './claims.service';
import {
  AddCommentDto,
  AttachProofDto,
  CreateClaimDto,
  ListClaimsQueryDto,
  SetEvidenceDto,
  UpdateClaimDto,
  WithdrawClaimDto,
  DisputeClaimDto,
} from './dto/claim.dto';

/**
 * Claims over HTTP. Every response carrying a claim has its version as ETag; changes take it back
 * in If-Match (stale: 412). Create and submit take an Idempotency-Key.
 */
@Controller('claims')
export class ClaimsController {
  constructor(private readonly claims: ClaimsService) {}

  private static send(res: Response, r: ClaimResult) {
    res.status(r.status).setHeader('ETag', r.etag);
    return r.body;
  }

  @Post()
  async create(
    @Caller() caller: CallerIdentity,
    @Body() dto: CreateClaimDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const r = await this.claims.create(caller, dto, key);
    res.setHeader('Location', `/claims/${r.body.id}`);
    return ClaimsController.send(res, r);
  }

  @Get()
  list(@Caller() caller: CallerIdentity, @Query() query: ListClaimsQueryDto) {
    return this.claims.list(caller, query);
  }

  /** One claim with its history. */
  @Get(':id')
  async get(@Caller() caller: CallerIdentity, @Param('id') id: string, @Res({ passthrough: true }) res: Response) {
    const r = await this.claims.get(caller, id);
    res.setHeader('ETag', r.etag);
    return r.body;
  }

  @Patch(':id')
  async update(
    @Caller() caller: CallerIdentity,
    @Param('id') id: string,
    @Body() dto: UpdateClaimDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return ClaimsController.send(res, await this.claims.updateDetails(caller, id, dto, versionFromIfMatch(ifMatch)));
  }

  /** Exactly one of a third-party invoice or a CSR. */
  @Put(':id/evidence')
  async setEvidence(
    @Caller() caller: CallerIdentity,
    @Param('id') id: string,
    @Body() dto: SetEvidenceDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return ClaimsController.send(res, await this.claims.setEvidence(caller, id, dto, versionFromIfMatch(ifMatch)));
  }

  @Delete(':id/evidence')
  async removeEvidence(
    @Caller() caller: CallerIdentity,
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return ClaimsController.send(res, await this.claims.removeEvidence(caller, id, versionFromIfMatch(ifMatch)));
  }

  @Post(':id/proof-documents')
  @HttpCode(200)
  async attachProof(
    @Caller() caller: CallerIdentity,
    @Param('id') id: string,
    @Body() dto: AttachProofDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return ClaimsController.send(res, await this.claims.attachProof(caller, id, dto, versionFromIfMatch(ifMatch)));
  }

  @Delete(':id/proof-documents/:documentId')
  async removeProof(
    @Caller() caller: CallerIdentity,
    @Param('id') id: string,
    @Param('documentId') documentId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return ClaimsController.send(
      res,
      await this.claims.removeProof(caller, id, documentId, versionFromIfMatch(ifMatch)),
    );
  }

  @Post(':id/comments')
  @HttpCode(200)
  async addComment(
    @Caller() caller: CallerIdentity,
    @Param('id') id: string,
    @Body() dto: AddCommentDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return ClaimsController.send(res, await this.claims.addComment(caller, id, dto, versionFromIfMatch(ifMatch)));
  }

  @Post(':id/submit')
  @HttpCode(200)
  async submit(
    @Caller() caller: CallerIdentity,
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return ClaimsController.send(res, await this.claims.submit(caller, id, versionFromIfMatch(ifMatch), key));
  }

  /** Withdraw a claim no one has decided yet (final); funds it holds are released. */
  @Post(':id/withdraw')
  @HttpCode(200)
  async withdraw(
    @Caller() caller: CallerIdentity,
    @Param('id') id: string,
    @Body() dto: WithdrawClaimDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return ClaimsController.send(res, await this.claims.withdraw(caller, id, dto ?? {}, versionFromIfMatch(ifMatch)));
  }

  /** Dispute a rejection within the program's window, with a reason and optional new proof documents. */
  @Post(':id/dispute')
  @HttpCode(200)
  async dispute(
    @Caller() caller: CallerIdentity,
    @Param('id') id: string,
    @Body() dto: DisputeClaimDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return ClaimsController.send(
      res,
      await this.claims.dispute(caller, id, dto ?? {}, versionFromIfMatch(ifMatch), key),
    );
  }
}
