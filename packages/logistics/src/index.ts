export * from './units.ts';
export * from './geo.ts';
export * from './zones.ts';
export * from './route.ts';
export * from './energy.ts';
export * from './preflight.ts';
export * from './telemetry.ts';
export * from './custody.ts';
