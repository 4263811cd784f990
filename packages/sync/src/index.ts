export * from './canonical.ts';
export * from './hlc.ts';
export * from './ids.ts';
export * from './change.ts';
export * from './merge.ts';
export * from './batch.ts';
