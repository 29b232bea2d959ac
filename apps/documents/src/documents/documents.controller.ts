import { Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { Caller, CallerIdentity } from '@poe/platform';
import type { Request, Response } from 'express';
import { DocumentsService, DocumentView, DownloadLink } from './documents.service';
import { ListDocumentsQueryDto } from '@poe/contracts/queries';
import { discardRestOfBody, readSingleFileUpload } from './multipart-upload';
import type { ResponseBody } from '@poe/contracts/responses';

@Controller('documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  /** multipart/form-data: `kind`, optional `claimId`, then the `file` part. */
  @Post()
  async upload(
    @Caller() caller: CallerIdentity,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DocumentView> {
    const upload = this.documents.startUpload(caller);
    try {
      const { fields } = await readSingleFileUpload(req, this.documents.maxUploadBytes, (file) => upload.receive(file));
      return await upload.complete(fields);
    } catch (e) {
      await upload.abandon();
      await discardRestOfBody(req, res);
      throw e;
    }
  }

  @Get()
  list(@Caller() caller: CallerIdentity, @Query() query: ListDocumentsQueryDto): Promise<ResponseBody<'DocumentList'>> {
    return this.documents.list(caller, query);
  }

  @Get(':id')
  get(@Caller() caller: CallerIdentity, @Param('id') id: string): Promise<DocumentView> {
    return this.documents.get(caller, id);
  }

  /** A presigned URL valid for a few minutes; the client downloads from the object store directly. */
  @Get(':id/download-link')
  downloadLink(@Caller() caller: CallerIdentity, @Param('id') id: string): Promise<DownloadLink> {
    return this.documents.downloadLink(caller, id);
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(@Caller() caller: CallerIdentity, @Param('id') id: string): Promise<void> {
    await this.documents.delete(caller, id);
  }
}
