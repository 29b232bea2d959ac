import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CLAIMS_ID_PATTERN, PRE_APPROVAL_ID_PATTERN } from '../patterns';
import { Documented, IsCalendarDate, UnlessAbsent } from './documented';
import { MoneyDto } from './money.dto';

/** Bodies of the claims service's claim routes. */

const ID = CLAIMS_ID_PATTERN;
const PRE_APPROVAL = PRE_APPROVAL_ID_PATTERN;

/** Add PoE: the first step of a claim. */
export class CreateClaimDto {
  @Matches(ID) campaignId!: string;
  @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @IsCalendarDate({ message: 'executionDate must be YYYY-MM-DD' }) executionDate!: string;
  @IsObject() @ValidateNested() @Type(() => MoneyDto) amount!: MoneyDto;
}

/**
 * PoE fields and claim details; `null` clears an optional detail (not the PoE fields, which always
 * have a value: `@UnlessAbsent`, so null is a 400 and never reaches the rules).
 */
export class UpdateClaimDto {
  @UnlessAbsent() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @UnlessAbsent() @IsCalendarDate({ message: 'executionDate must be YYYY-MM-DD' }) executionDate?: string;
  @UnlessAbsent() @IsObject() @ValidateNested() @Type(() => MoneyDto) amount?: MoneyDto;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) claimName?: string | null;
  @IsOptional() @IsCalendarDate({ message: 'claimDate must be YYYY-MM-DD' }) claimDate?: string | null;
  /** Whole number >= 0; checked by the claim's rules so the error carries its code. */
  @Documented({ type: 'integer', minimum: 0 }) @IsOptional() @IsNumber() estimatedImpressions?: number | null;
  @IsOptional()
  @Matches(PRE_APPROVAL, { message: 'preApprovalId looks like PA-2026-000123' })
  preApprovalId?: string | null;
}

/** A document receipt (signed upload facts) is a few hundred bytes; this leaves room for long names. */
const RECEIPT_MAX = 8000;
const RECEIPT = { description: 'the receipt of the upload answer' };

export class InvoiceDto {
  @Matches(ID) documentId!: string;
  @IsString() @MinLength(1) @MaxLength(100) invoiceNumber!: string;
  @IsCalendarDate({ message: 'invoiceDate must be YYYY-MM-DD' }) invoiceDate!: string;
  @IsString() @MinLength(1) @MaxLength(200) vendor!: string;
  @IsObject() @ValidateNested() @Type(() => MoneyDto) amount!: MoneyDto;
  /** The upload's `receipt`: the document is usable before its event reached this service. */
  @Documented(RECEIPT) @IsOptional() @IsString() @MaxLength(RECEIPT_MAX) receipt?: string | null;
}

export class CsrDto {
  /** The generated Certification Service Report. */
  @Matches(ID) documentId!: string;
  @Documented(RECEIPT) @IsOptional() @IsString() @MaxLength(RECEIPT_MAX) receipt?: string | null;
}

/** Exactly one of `invoice` or `csr` (the claim's rule reports `CLAIM.EVIDENCE_EXACTLY_ONE` otherwise). */
@Documented({ description: 'exactly one of invoice or csr (otherwise 422 CLAIM.EVIDENCE_EXACTLY_ONE)' })
export class SetEvidenceDto {
  @IsOptional() @IsObject() @ValidateNested() @Type(() => InvoiceDto) invoice?: InvoiceDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => CsrDto) csr?: CsrDto;
}

export class AttachProofDto {
  @Matches(ID) documentId!: string;
  /**
   * Required by the claim's rule, not here: a missing note and a blank one are the same answer,
   * 422 `CLAIM.PROOF_NOTE_REQUIRED` naming `note` (one rule, one answer).
   */
  @Documented({ description: 'required: missing or blank answers 422 CLAIM.PROOF_NOTE_REQUIRED' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string | null;
  @Documented(RECEIPT) @IsOptional() @IsString() @MaxLength(RECEIPT_MAX) receipt?: string | null;
}

export class AddCommentDto {
  @IsString() @MinLength(1) @MaxLength(4000) text!: string;
}

/** Withdraw a claim no one has decided yet; the reason is optional and goes to the history. */
export class WithdrawClaimDto {
  @Documented({ description: 'why, for the history (optional)' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  reason?: string;
}

/** Dispute a rejection: the reason (required by the rule, 422 naming `reason`) and optional new proof. */
export class DisputeClaimDto {
  @Documented({ description: 'why the rejection is wrong (required by the rule)' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  reason?: string | null;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  /** Each as at attach (`AttachProof`): the note is required by the rule, the receipt optional. */
  @Type(() => AttachProofDto)
  proofDocuments?: AttachProofDto[];
}
