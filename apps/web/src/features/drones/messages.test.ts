import { describe, expect, it } from 'vitest';
import { CUSTODY_STEPS } from '../../../../../packages/logistics/src/custody.ts';
import { ALERT_KINDS } from '../../../../../packages/logistics/src/telemetry.ts';
import { DRONE_MESSAGES } from './messages.ts';

describe('drone messages', () => {
  it('vi and en have the same keys, all prefixed, none empty', () => {
    expect(Object.keys(DRONE_MESSAGES.en).sort()).toEqual(Object.keys(DRONE_MESSAGES.vi).sort());
    for (const [k, v] of Object.entries(DRONE_MESSAGES.vi)) {
      expect(k).toMatch(/^drones\./);
      expect(v.trim()).not.toBe('');
    }
  });
  it('every custody step and alert kind has a label', () => {
    for (const s of CUSTODY_STEPS) expect(DRONE_MESSAGES.vi).toHaveProperty(`drones.step.${s}`);
    for (const k of [...ALERT_KINDS, 'custody']) expect(DRONE_MESSAGES.en).toHaveProperty(`drones.alert.${k}`);
  });
});
