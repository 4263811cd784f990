/** Branded units for the flight planner (Excalidraw-style: a number that says what it measures). */
export type Metres = number & { __unit: 'm' };
export type Kilometres = number & { __unit: 'km' };
export type MetresPerSecond = number & { __unit: 'm/s' };
export type Seconds = number & { __unit: 's' };
export type Kilograms = number & { __unit: 'kg' };
export type WattHours = number & { __unit: 'Wh' };
export type Watts = number & { __unit: 'W' };
export type Degrees = number & { __unit: 'deg' };
export type Percent = number & { __unit: '%' };
export type Celsius = number & { __unit: 'Cel' };

export const m = (v: number) => v as Metres;
export const km = (v: number) => v as Kilometres;
export const mps = (v: number) => v as MetresPerSecond;
export const s = (v: number) => v as Seconds;
export const kg = (v: number) => v as Kilograms;
export const wh = (v: number) => v as WattHours;
export const watts = (v: number) => v as Watts;
export const deg = (v: number) => v as Degrees;
export const pct = (v: number) => v as Percent;
export const celsius = (v: number) => v as Celsius;
