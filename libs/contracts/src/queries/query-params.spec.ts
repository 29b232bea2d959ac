import { createValidationPipe } from '@poe/platform';
import { IsOptional, Matches } from 'class-validator';
import { ListClaimsQueryDto, QueueQueryDto, queryParameters } from './index';

const param = (type: new () => object, name: string) => queryParameters(type).find((p) => p.name === name)!;

/** What the services' global pipe makes of a query (the same pipe the services install). */
async function servicePipe(type: new () => object, query: Record<string, unknown>): Promise<'accepted' | 'refused'> {
  try {
    await createValidationPipe().transform(query, { type: 'query', metatype: type });
    return 'accepted';
  } catch {
    return 'refused';
  }
}

test('queryParameters_publishEachPropertyInDeclarationOrder_asOptional', () => {
  expect(queryParameters(ListClaimsQueryDto).map((p) => [p.name, p.required])).toEqual([
    ['status', false],
    ['campaignId', false],
    ['partnerId', false],
    ['from', false],
    ['to', false],
    ['sort', false],
    ['limit', false],
    ['cursor', false],
  ]);
});

test('queryParameters_publishTheDtoRules_typedAsTheServiceReadsThem', () => {
  expect(param(ListClaimsQueryDto, 'limit')).toEqual({
    name: 'limit',
    in: 'query',
    required: false,
    description: 'page size, 1-100',
    schema: { type: 'integer', minimum: 1, maximum: 100 },
  });
  expect(param(ListClaimsQueryDto, 'sort').schema).toEqual({ type: 'string', enum: ['createdAt', '-createdAt'] });
  // A vocabulary the document has as a component is referenced, not copied (`@Documented({ ref })`).
  expect(param(ListClaimsQueryDto, 'status').schema).toEqual({ $ref: '#/components/schemas/ClaimStatus' });
  expect(param(QueueQueryDto, 'overdue').schema).toEqual({ type: 'boolean' });
  expect(param(QueueQueryDto, 'status')).toEqual(
    expect.objectContaining({
      style: 'form',
      explode: false,
      schema: expect.objectContaining({
        type: 'array',
        maxItems: 10,
        items: { $ref: '#/components/schemas/ReviewItemStatus' },
      }),
    }),
  );
});

test('queryParameters_refuseAParameterThatIsNotOptional', () => {
  class Required {
    @Matches(/^x$/) x!: string;
    @IsOptional() @Matches(/^y$/) y?: string;
  }
  expect(() => queryParameters(Required)).toThrow(/Required\.x: a query parameter must be @IsOptional/);
});

test.each([
  ['limit', '20', 'accepted'],
  ['limit', '100', 'accepted'],
  ['limit', '101', 'refused'],
  ['limit', '01', 'refused'],
  ['limit', '2.0', 'refused'],
  ['limit', ' 20', 'refused'],
  ['status', 'UNDER_REVIEW', 'accepted'],
  ['status', 'A', 'refused'],
])('servicePipe_onTheClaimList_%s=%p_is_%s', async (name, value, verdict) => {
  expect(await servicePipe(ListClaimsQueryDto, { [name]: value })).toBe(verdict);
});

test.each([
  ['status', 'queued,in_review', 'accepted'],
  ['status', 'queued,', 'refused'],
  ['status', 'queued, in_review', 'refused'],
  ['overdue', 'true', 'accepted'],
  ['overdue', 'TRUE', 'refused'],
])('servicePipe_onTheQueue_%s=%p_is_%s', async (name, value, verdict) => {
  expect(await servicePipe(QueueQueryDto, { [name]: value })).toBe(verdict);
});

test('servicePipe_givesTheServiceValues_notText', async () => {
  const q = (await createValidationPipe().transform(
    { status: 'queued,in_review', overdue: 'false', limit: '50' },
    { type: 'query', metatype: QueueQueryDto },
  )) as QueueQueryDto;
  expect([q.status, q.overdue, q.limit]).toEqual([['queued', 'in_review'], false, 50]);
});
