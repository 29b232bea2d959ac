import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { Caller, CallerIdentity } from '@poe/platform';
import { GrantPreApprovalDto, ListPreApprovalsQueryDto, RevokePreApprovalDto } from './dto/pre-approval.dto';
import { PreApprovalsService } from './pre-approvals.service';

@Controller('pre-approvals')
export class PreApprovalsController {
  constructor(private readonly service: PreApprovalsService) {}

  @Post()
  grant(@Caller() caller: CallerIdentity, @Body() body: GrantPreApprovalDto) {
    return this.service.grant(caller, {
      partnerId: body.partnerId,
      campaignId: body.campaignId,
      description: body.description,
      validFrom: new Date(body.validFrom),
      validUntil: new Date(body.validUntil),
    });
  }

  @Get()
  list(@Caller() caller: CallerIdentity, @Query() query: ListPreApprovalsQueryDto) {
    return this.service.list(caller, query);
  }

  @Get(':id')
  get(@Caller() caller: CallerIdentity, @Param('id') id: string) {
    return this.service.get(caller, id);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  revoke(@Caller() caller: CallerIdentity, @Param('id') id: string, @Body() body: RevokePreApprovalDto) {
    return this.service.revoke(caller, id, body.reason);
  }
}
