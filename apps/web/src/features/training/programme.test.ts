import { describe, expect, it } from 'vitest';
import { type DashboardGroup, hakeGain, moduleGains, rollUp, totals } from './programme.ts';

const g = (p: Partial<DashboardGroup>): DashboardGroup => ({
  province: 'Thái Nguyên', facilityId: 'f1', facilityName: 'BV A', role: 'nurse', enrolled: 0, started: 0, completed: 0, passRate: null, cxrOverReliance: null, gain: [], ...p,
});

describe('programme dashboard helpers', () => {
  it("Hake's normalised gain: Hake 1998 eq. (1) on class averages", () => {
    // pre 30 %, post 65 % → <g> = (65 − 30) / (100 − 30) = 0.5
    expect(hakeGain(0.3, 0.65)).toBeCloseTo(0.5, 10);
    expect(hakeGain(0.5, 0.4)).toBeCloseTo(-0.2, 10);
    expect(hakeGain(1, 1)).toBeNull();
    expect(hakeGain(null, 0.8)).toBeNull();
  });
  it('rolls province × facility × role groups up by role', () => {
    const rows = rollUp([g({ role: 'nurse', enrolled: 3, completed: 1 }), g({ facilityId: 'f2', role: 'nurse', enrolled: 2, completed: 1 }), g({ role: 'doctor', enrolled: 4 })], 'role');
    expect(rows.map((r) => [r.label, r.enrolled, r.completed, r.completion])).toEqual([['doctor', 4, 0, 0], ['nurse', 5, 2, 0.4]]);
    expect(totals([g({ enrolled: 3, started: 2 }), g({ enrolled: 1 })])).toEqual({ enrolled: 4, started: 2, completed: 0 });
  });
  it('weights module means by learners who started and gives <g>', () => {
    const [m] = moduleGains([
      g({ started: 3, gain: [{ moduleId: 'm1', pre: 0.4, post: 0.8, gain: 0.4 }] }),
      g({ started: 1, gain: [{ moduleId: 'm1', pre: 0.8, post: 1, gain: 0.2 }] }),
    ], [{ id: 'm1' }]);
    expect(m!.pre).toBeCloseTo(0.5, 10);
    expect(m!.post).toBeCloseTo(0.85, 10);
    expect(m!.hake).toBeCloseTo(0.7, 10);
  });
});
