import { Body, Controller, Post } from '@nestjs/common';
import { Caller, CallerIdentity } from '@poe/platform';
import type { DocumentView } from '../documents/documents.service';
import { CsrService } from './csr.service';
import { GenerateCsrDto } from './dto/generate-csr.dto';

@Controller('documents/csr')
export class CsrController {
  constructor(private readonly csr: CsrService) {}

  /** Validates the report, renders the PDF, stores it as a `csr` document and returns it. */
  @Post()
  generate(@Caller() caller: CallerIdentity, @Body() body: GenerateCsrDto): Promise<DocumentView> {
    return this.csr.generate(caller, body);
  }
}
