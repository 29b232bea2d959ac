// The body is written once in @poe/contracts/bodies: the gateway publishes its schema from the same classes.
export { CertifierDto, CostLineDto, GenerateCsrDto } from '@poe/contracts/bodies';
