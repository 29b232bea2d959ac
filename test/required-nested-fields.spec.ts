import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CreateCampaignDto } from '../apps/claims/src/catalog/dto/catalog.dto';
import { CreateClaimDto, InvoiceDto, UpdateClaimDto } from '../apps/claims/src/claims/dto/claim.dto';
import { ApproveDto } from '../apps/review/src/queue/dto/review.dto';

// Regression (found by schemathesis): `@ValidateNested()` alone lets a missing object through, and
// the handler then crashed with a 500 (POST /review/items/:id/approve without a body).
const missing = async (dto: new () => object, body: object, field: string) => {
  const errors = await validate(plainToInstance(dto, body));
  return errors.map((e) => e.property).includes(field);
};

test.each([
  ['ApproveDto', ApproveDto, {}, 'approvedAmount'],
  ['CreateClaimDto', CreateClaimDto, { campaignId: 'CMP-1', name: 'n', executionDate: '2026-10-01' }, 'amount'],
  ['InvoiceDto', InvoiceDto, { documentId: 'd', invoiceNumber: '1', invoiceDate: '2026-10-01', vendor: 'v' }, 'amount'],
  [
    'CreateCampaignDto',
    CreateCampaignDto,
    { planId: 'p', partnerId: 'x', name: 'n', activityType: 'a', startDate: '2026-01-01', endDate: '2026-02-01' },
    'allocated',
  ],
])('%s_withoutItsRequiredNestedObject_isRefusedNamingIt', async (_name, dto, body, field) => {
  expect(await missing(dto as new () => object, body, field)).toBe(true);
});

// Regression (found fuzzing the published schema): PATCH /claims/:id with `name` or `amount` set
// to null passed `@IsOptional()` and crashed the claim's rules with a 500; null is now a 400.
test.each([
  ['name', { name: null }],
  ['executionDate', { executionDate: null }],
  ['amount', { amount: null }],
])('UpdateClaimDto_%s_null_isRefusedNamingIt', async (field, body) => {
  expect(await missing(UpdateClaimDto, body, field)).toBe(true);
});

test('UpdateClaimDto_detailsNull_clearThemAndAreAccepted', async () => {
  const body = { claimName: null, claimDate: null, estimatedImpressions: null, preApprovalId: null };
  expect(await validate(plainToInstance(UpdateClaimDto, body))).toEqual([]);
});
