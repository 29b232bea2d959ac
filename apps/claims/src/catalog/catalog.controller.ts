import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { Caller, CallerIdentity } from '@poe/platform';
import { PaymentsRepository } from '../payments/payments.repository';
import { balanceView, campaignView, CatalogService } from './catalog.service';
import {
  CampaignQueryDto,
  ChangeProgramSettingsDto,
  ChangeReimbursementDto,
  CreateCampaignDto,
  CreatePartnerDto,
  CreatePlanDto,
  CreateProgramDto,
  ExtendClaimDeadlineDto,
} from './dto/catalog.dto';
import type { ResponseBody } from '@poe/contracts/responses';

/** Programs -> plans -> campaign activities, and partner orgs. Written by the vendor side, read by all. */
@Controller()
export class CatalogController {
  constructor(
    private readonly catalog: CatalogService,
    private readonly payments: PaymentsRepository,
  ) {}

  @Post('programs')
  @HttpCode(201)
  createProgram(@Caller() caller: CallerIdentity, @Body() dto: CreateProgramDto) {
    return this.catalog.createProgram(caller, dto);
  }

  @Get('programs')
  async listPrograms(@Caller() caller: CallerIdentity): Promise<ResponseBody<'ProgramList'>> {
    return { items: await this.catalog.listPrograms(caller) };
  }

  @Get('programs/:programId')
  getProgram(@Caller() caller: CallerIdentity, @Param('programId') programId: string) {
    return this.catalog.getProgram(caller, programId);
  }

  @Post('programs/:programId/plans')
  @HttpCode(201)
  createPlan(
    @Caller() caller: CallerIdentity,
    @Param('programId') programId: string,
    @Body() dto: CreatePlanDto,
  ): Promise<ResponseBody<'Plan'>> {
    return this.catalog.createPlan(caller, programId, dto);
  }

  @Get('programs/:programId/plans')
  async listPlans(
    @Caller() caller: CallerIdentity,
    @Param('programId') programId: string,
  ): Promise<ResponseBody<'PlanList'>> {
    return { items: await this.catalog.listPlans(caller, programId) };
  }

  @Post('partners')
  @HttpCode(201)
  createPartner(@Caller() caller: CallerIdentity, @Body() dto: CreatePartnerDto): Promise<ResponseBody<'Partner'>> {
    return this.catalog.createPartner(caller, dto);
  }

  @Get('partners')
  async listPartners(@Caller() caller: CallerIdentity): Promise<ResponseBody<'PartnerList'>> {
    return { items: await this.catalog.listPartners(caller) };
  }

  @Get('partners/:partnerId')
  getPartner(
    @Caller() caller: CallerIdentity,
    @Param('partnerId') partnerId: string,
  ): Promise<ResponseBody<'Partner'>> {
    return this.catalog.getPartner(caller, partnerId);
  }

  @Post('campaigns')
  @HttpCode(201)
  createCampaign(@Caller() caller: CallerIdentity, @Body() dto: CreateCampaignDto) {
    return this.catalog.createCampaign(caller, dto);
  }

  @Get('campaigns')
  async listCampaigns(
    @Caller() caller: CallerIdentity,
    @Query() query: CampaignQueryDto,
  ): Promise<ResponseBody<'CampaignList'>> {
    const campaigns = await this.catalog.listCampaigns(caller, query);
    const paid = await this.payments.paidByCampaign(campaigns.map((c) => c.id));
    return { items: campaigns.map((c) => campaignView(c, paid.get(c.id))) };
  }

  @Get('campaigns/:campaignId')
  async getCampaign(@Caller() caller: CallerIdentity, @Param('campaignId') campaignId: string) {
    const campaign = await this.catalog.visibleCampaign(caller, campaignId);
    return campaignView(campaign, (await this.payments.paidByCampaign([campaign.id])).get(campaign.id));
  }

  /** Move the claim deadline later (vendor side), with history and an event. */
  @Post('campaigns/:campaignId/claim-deadline')
  @HttpCode(200)
  extendClaimDeadline(
    @Caller() caller: CallerIdentity,
    @Param('campaignId') campaignId: string,
    @Body() dto: ExtendClaimDeadlineDto,
  ) {
    return this.catalog.extendClaimDeadline(caller, campaignId, dto);
  }

  /** Change a program's dispute window and holidays (vendor side), with history and an event. */
  @Patch('programs/:programId')
  changeProgramSettings(
    @Caller() caller: CallerIdentity,
    @Param('programId') programId: string,
    @Body() dto: ChangeProgramSettingsDto,
  ) {
    return this.catalog.changeProgramSettings(caller, programId, dto);
  }

  /** Change the contribution ratio and cap per claim (vendor side), with history and an event. */
  @Put('campaigns/:campaignId/reimbursement')
  @HttpCode(200)
  changeReimbursement(
    @Caller() caller: CallerIdentity,
    @Param('campaignId') campaignId: string,
    @Body() dto: ChangeReimbursementDto,
  ) {
    return this.catalog.changeReimbursement(caller, campaignId, dto);
  }

  /** allocated / reserved (submitted, in review) / approved (of which paid) / remaining, exact. */
  @Get('campaigns/:campaignId/balance')
  async getBalance(@Caller() caller: CallerIdentity, @Param('campaignId') campaignId: string) {
    const campaign = await this.catalog.visibleCampaign(caller, campaignId);
    return balanceView(campaign, (await this.payments.paidByCampaign([campaign.id])).get(campaign.id));
  }
}
