import { DynamicModule, Module } from '@nestjs/common';
import { backendServiceParts } from '@poe/platform';
import type { DocumentsConfig } from './config';
import { ObjectStore } from './storage/object-store';

@Module({})
export class DocumentsModule {
  static forRoot(config: DocumentsConfig): DynamicModule {
    const parts = backendServiceParts(config, [ObjectStore]);
    return {
      module: DocumentsModule,
      ...parts,
      providers: [
        ...parts.providers,
        {
          provide: ObjectStore,
          useFactory: () =>
            new ObjectStore({
              endpoint: config.S3_ENDPOINT,
              region: config.S3_REGION,
              accessKey: config.S3_ACCESS_KEY,
              secretKey: config.S3_SECRET_KEY,
              bucket: config.S3_BUCKET,
              keyPrefix: config.S3_KEY_PREFIX,
            }),
        },
      ],
    };
  }
}
