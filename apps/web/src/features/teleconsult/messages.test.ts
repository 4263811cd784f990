import { describe, expect, it } from 'vitest';
import { CALL_MODES, CONSULT_STATES, CONSULT_URGENCIES, CONSULT_TRANSITIONS } from '../../../../../packages/clinical/src/teleconsult.ts';
import { TELECONSULT_MESSAGES } from './messages.ts';

describe('teleconsult messages', () => {
  it('vi and en have the same keys, all prefixed, none empty', () => {
    expect(Object.keys(TELECONSULT_MESSAGES.en).sort()).toEqual(Object.keys(TELECONSULT_MESSAGES.vi).sort());
    for (const [k, v] of Object.entries(TELECONSULT_MESSAGES.vi)) {
      expect(k).toMatch(/^tc\./);
      expect(v.trim()).not.toBe('');
    }
  });
  it('labels every state, urgency, call mode and transition button', () => {
    for (const s of CONSULT_STATES) expect(TELECONSULT_MESSAGES.vi).toHaveProperty(`tc.state.${s}`);
    for (const u of CONSULT_URGENCIES) expect(TELECONSULT_MESSAGES.en).toHaveProperty(`tc.urgency.${u}`);
    for (const m of CALL_MODES) expect(TELECONSULT_MESSAGES.vi).toHaveProperty(`tc.call.mode.${m}`);
    for (const r of CONSULT_TRANSITIONS) expect(TELECONSULT_MESSAGES.vi).toHaveProperty(`tc.to.${r.to}`);
  });
});
