import { describe, expect, it } from 'vitest';
import { homeFor } from './home.ts';

describe('homeFor', () => {
  it('sends each role to its work', () => {
    expect(homeFor(['radiologist'])).toBe('/imaging');
    expect(homeFor(['governance_officer'])).toBe('/governance');
    expect(homeFor(['nurse'])).toBe('/patients');
    expect(homeFor(['station_staff'])).toBe('/patients');
    expect(homeFor(['facility_admin'])).toBe('/admin');
  });
  it('prefers the reading worklist for a doctor who also reads films', () => expect(homeFor(['doctor', 'radiologist'])).toBe('/imaging'));
});
