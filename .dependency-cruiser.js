/**
 * Import boundaries (STYLE.md): no app imports another app; libraries never import apps;
 * contracts stay free of Nest and of the platform, so any consumer can use them.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cross-app-imports',
      comment: 'Apps talk over HTTP and Kafka only; shared code lives in libs/.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/([^/]+)/', pathNot: '^apps/$1/' },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'contracts-are-standalone',
      comment: 'Event contracts are shared with every consumer; they depend on no framework.',
      severity: 'error',
      from: { path: '^libs/contracts/src/', pathNot: '\\.spec\\.ts$|asyncapi\\.ts$' },
      to: { path: '^libs/platform/|node_modules/@nestjs|node_modules/mongoose|node_modules/kafkajs' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '(^|/)(dist|node_modules|\\.local)/' },
  },
};
