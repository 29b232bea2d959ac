import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { Caller, CallerIdentity } from '@poe/platform';
import { ListPayablesQueryDto, RecordPayoutDto } from './dto/payment.dto';
import { PaymentsService } from './payments.service';

/** The payments system's side of a claim: what is payable, and the payouts made. */
@Controller()
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Get('payables')
  list(@Caller() caller: CallerIdentity, @Query() query: ListPayablesQueryDto) {
    return this.payments.listPayables(caller, query);
  }

  /** A retry with the same reference and facts answers the same payment state and changes nothing. */
  @Post('claims/:id/payouts')
  @HttpCode(200)
  record(@Caller() caller: CallerIdentity, @Param('id') id: string, @Body() dto: RecordPayoutDto) {
    return this.payments.recordPayout(caller, id, dto);
  }
}
