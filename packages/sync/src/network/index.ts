export * from './dashboard.ts';
export * from './vn-provinces.generated.ts';
export * from './registry.ts';
