// The bodies and the list's query are written once in @poe/contracts: the gateway checks and publishes them from the same classes.
export { GrantPreApprovalDto, RevokePreApprovalDto } from '@poe/contracts/bodies';
export { ListPreApprovalsQueryDto } from '@poe/contracts/queries';
