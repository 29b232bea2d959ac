import { Controller, Get } from '@nestjs/common';
import { Caller, CallerIdentity } from '@poe/platform';
import { FiguresService } from './figures.service';

@Controller('review/figures')
export class FiguresController {
  constructor(private readonly service: FiguresService) {}

  @Get()
  figures(@Caller() caller: CallerIdentity) {
    return this.service.figures(caller);
  }
}
