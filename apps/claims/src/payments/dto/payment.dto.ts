import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

// The body is written once in @poe/contracts/bodies: the gateway publishes its schema from the same class.
export { RecordPayoutDto } from '@poe/contracts/bodies';

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export class ListPayablesQueryDto {
  @IsOptional() @Matches(ID) programId?: string;
  @IsOptional() @Matches(ID) partnerId?: string;
  @IsOptional() @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' }) currency?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
  @IsOptional() @Matches(/^[A-Za-z0-9_-]{1,400}$/) cursor?: string;
}
