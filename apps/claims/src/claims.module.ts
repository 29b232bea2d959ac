import { DynamicModule, Module } from '@nestjs/common';
import { backendServiceParts } from '@poe/platform';
import type { ClaimsConfig } from './config';

@Module({})
export class ClaimsModule {
  static forRoot(config: ClaimsConfig): DynamicModule {
    return { module: ClaimsModule, ...backendServiceParts(config) };
  }
}
