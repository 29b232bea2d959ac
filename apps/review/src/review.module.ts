import { DynamicModule, Module } from '@nestjs/common';
import { backendServiceParts } from '@poe/platform';
import type { ReviewConfig } from './config';

@Module({})
export class ReviewModule {
  static forRoot(config: ReviewConfig): DynamicModule {
    return { module: ReviewModule, ...backendServiceParts(config) };
  }
}
