import { Type } from 'class-transformer';
import { IsEmail, IsInt, IsOptional, IsString, Matches, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { CURRENCY_CODES } from '../money';
import { Documented, UnlessAbsent } from './documented';
import { CreateClaimDto, MoneyDto } from './index';
import { bodySchemas } from './json-schema';

class Inner {
  @IsString() @MaxLength(10) text!: string;
}
class Outer {
  @IsOptional() @ValidateNested() @Type(() => MoneyDto) cap?: MoneyDto | null;
  @UnlessAbsent() @ValidateNested() @Type(() => Inner) inner?: Inner;
  @Documented({ description: 'a count' }) @IsInt() count!: number;
}

test('bodySchemas_aKnownDtoRule_reachesThePublishedSchema', () => {
  const { CreateClaim } = bodySchemas({ CreateClaim: CreateClaimDto, MoneyInput: MoneyDto }) as Record<string, any>;
  expect(CreateClaim.properties.name).toEqual({ type: 'string', minLength: 1, maxLength: 200 });
  expect(CreateClaim.properties.executionDate).toEqual({
    type: 'string',
    pattern: '^\\d{4}-\\d{2}-\\d{2}$',
    format: 'date',
  });
  expect(CreateClaim.properties.amount).toEqual({ $ref: '#/components/schemas/MoneyInput' });
  expect(CreateClaim.required).toEqual(['campaignId', 'name', 'executionDate', 'amount']);
  expect(CreateClaim.additionalProperties).toBe(false);
});

test('bodySchemas_optionalIsNullable_unlessAbsentIsNot_namedClassesAreReferences_othersInline', () => {
  const { Outer: schema } = bodySchemas({ Outer, MoneyInput: MoneyDto }) as Record<string, any>;
  expect(schema.properties.cap).toEqual({ nullable: true, allOf: [{ $ref: '#/components/schemas/MoneyInput' }] });
  expect(schema.properties.inner).toEqual({
    type: 'object',
    additionalProperties: false,
    required: ['text'],
    properties: { text: { type: 'string', maxLength: 10 } },
  });
  expect(schema.properties.count).toEqual({ type: 'integer', description: 'a count' });
  expect(schema.required).toEqual(['count']);
});

test('bodySchemas_moneyCurrency_isTheCurrencyComponent_whoseCodesAllPassTheDtoPattern', () => {
  const { MoneyInput } = bodySchemas({ MoneyInput: MoneyDto }) as Record<string, any>;
  expect(MoneyInput.properties.currency).toEqual({ $ref: '#/components/schemas/Currency' });
  expect(CURRENCY_CODES.filter((code) => !/^[A-Z]{3}$/.test(code))).toEqual([]);
});

test('bodySchemas_aDecoratorWithNoPublishedForm_isAnError_notARuleLeftOut', () => {
  class WithEmail {
    @IsEmail() address!: string;
  }
  expect(() => bodySchemas({ WithEmail })).toThrow('WithEmail.address: @isEmail has no published form');
});

test('bodySchemas_aValidateIfOfItsOwn_isAnError', () => {
  class Conditional {
    @ValidateIf((o: { kind?: string }) => o.kind === 'x') @IsString() detail?: string;
  }
  expect(() => bodySchemas({ Conditional })).toThrow('Conditional.detail: @ValidateIf');
});

test('bodySchemas_aNoteThatChangesADtoRule_isAnError', () => {
  class Changed {
    @Documented({ maxLength: 50 }) @IsString() @MaxLength(10) text!: string;
  }
  class Patterned {
    @Documented({ pattern: '^b$' }) @Matches(/^a$/) text!: string;
  }
  expect(() => bodySchemas({ Changed })).toThrow('Changed.text: a note changes maxLength');
  expect(() => bodySchemas({ Patterned })).toThrow('Patterned.text: a note changes pattern');
});

test('bodySchemas_aPatternWithFlags_isAnError', () => {
  class Flagged {
    @Matches(/^a$/i) text!: string;
  }
  expect(() => bodySchemas({ Flagged })).toThrow('has no JSON schema equivalent');
});
