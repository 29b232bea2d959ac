import { MoneyDto } from '@poe/platform';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CLAIM_STATUSES, ClaimStatus } from '../claim';

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PRE_APPROVAL = /^PA-\d{4}-\d{6}$/;

/** Add PoE: the first step of a claim. */
export class CreateClaimDto {
  @Matches(ID) campaignId!: string;
  @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @Matches(DATE, { message: 'executionDate must be YYYY-MM-DD' }) executionDate!: string;
  @IsObject() @ValidateNested() @Type(() => MoneyDto) amount!: MoneyDto;
}

/** May be left out, but not `null`: `@IsOptional` would let null through to the rules (a 500 before). */
const UnlessAbsent = () => ValidateIf((_, v) => v !== undefined);

/** PoE fields and claim details; `null` clears an optional detail (not the PoE fields, which always have a value). */
export class UpdateClaimDto {
  @UnlessAbsent() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @UnlessAbsent() @Matches(DATE, { message: 'executionDate must be YYYY-MM-DD' }) executionDate?: string;
  @UnlessAbsent() @IsObject() @ValidateNested() @Type(() => MoneyDto) amount?: MoneyDto;
  @ValidateIf((_, v) => v !== null) @IsOptional() @IsString() @MinLength(1) @MaxLength(200) claimName?: string | null;
  @ValidateIf((_, v) => v !== null)
  @IsOptional()
  @Matches(DATE, { message: 'claimDate must be YYYY-MM-DD' })
  claimDate?: string | null;
  /** Whole number >= 0; checked by the claim's rules so the error carries its code. */
  @ValidateIf((_, v) => v !== null) @IsOptional() @IsNumber() estimatedImpressions?: number | null;
  @ValidateIf((_, v) => v !== null)
  @IsOptional()
  @Matches(PRE_APPROVAL, { message: 'preApprovalId looks like PA-2026-000123' })
  preApprovalId?: string | null;
}

/** A document receipt (signed upload facts) is a few hundred bytes; this leaves room for long names. */
const RECEIPT_MAX = 8000;

export class InvoiceDto {
  @Matches(ID) documentId!: string;
  @IsString() @MinLength(1) @MaxLength(100) invoiceNumber!: string;
  @Matches(DATE, { message: 'invoiceDate must be YYYY-MM-DD' }) invoiceDate!: string;
  @IsString() @MinLength(1) @MaxLength(200) vendor!: string;
  @IsObject() @ValidateNested() @Type(() => MoneyDto) amount!: MoneyDto;
  /** The upload's `receipt`: the document is usable before its event reached this service. */
  @IsOptional() @IsString() @MaxLength(RECEIPT_MAX) receipt?: string | null;
}

export class CsrDto {
  /** The generated Certification Service Report. */
  @Matches(ID) documentId!: string;
  @IsOptional() @IsString() @MaxLength(RECEIPT_MAX) receipt?: string | null;
}

/** Exactly one of `invoice` or `csr` (the claim's rule reports `CLAIM.EVIDENCE_EXACTLY_ONE` otherwise). */
export class SetEvidenceDto {
  @IsOptional() @ValidateNested() @Type(() => InvoiceDto) invoice?: InvoiceDto;
  @IsOptional() @ValidateNested() @Type(() => CsrDto) csr?: CsrDto;
}

export class AttachProofDto {
  @Matches(ID) documentId!: string;
  /**
   * Required by the claim's rule, not here: a missing note and a blank one are the same answer,
   * 422 `CLAIM.PROOF_NOTE_REQUIRED` naming `note` (one rule, one answer).
   */
  @IsOptional() @IsString() @MaxLength(2000) note?: string | null;
  @IsOptional() @IsString() @MaxLength(RECEIPT_MAX) receipt?: string | null;
}

export class AddCommentDto {
  @IsString() @MinLength(1) @MaxLength(4000) text!: string;
}

/** Withdraw a claim no one has decided yet; the reason is optional and goes to the history. */
export class WithdrawClaimDto {
  @IsOptional() @IsString() @MaxLength(4000) reason?: string;
}

/** A new proof document a dispute brings; the note is the claim's rule (422 naming the field), as at attach. */
export class DisputeProofDto {
  @Matches(ID) documentId!: string;
  @IsOptional() @IsString() @MaxLength(2000) note?: string | null;
  @IsOptional() @IsString() @MaxLength(RECEIPT_MAX) receipt?: string | null;
}

/** Dispute a rejection: the reason (required by the rule, 422 naming `reason`) and optional new proof. */
export class DisputeClaimDto {
  @IsOptional() @IsString() @MaxLength(4000) reason?: string | null;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => DisputeProofDto)
  proofDocuments?: DisputeProofDto[];
}

export class ListClaimsQueryDto {
  @IsOptional() @IsIn(CLAIM_STATUSES as unknown as string[]) status?: ClaimStatus;
  @IsOptional() @Matches(ID) campaignId?: string;
  /** Review team and services only; partner-side callers always see just their own partner. */
  @IsOptional() @Matches(ID) partnerId?: string;
  /** Execution date range, inclusive. */
  @IsOptional() @Matches(DATE) from?: string;
  @IsOptional() @Matches(DATE) to?: string;
  @IsOptional() @IsIn(['createdAt', '-createdAt']) sort?: 'createdAt' | '-createdAt';
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
  @IsOptional() @Matches(/^[A-Za-z0-9_-]{1,400}$/) cursor?: string;
}
