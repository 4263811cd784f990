/**
 * Statement validation against the xAPI 1.0.3 specification's own examples (Data, Appendix A
 * "Example statements" and the interaction-activity examples of section 2.4.4.1) and one
 * violation per "MUST reject" rule.
 */
import { describe, expect, it } from 'vitest';
import { formatStatement, indexStatement, mergeActivity, sameStatement } from './xapi.statements.ts';
import { agentKey, normaliseStatement, parseTimestamp, validateStatement } from './xapi.validate.ts';

// Appendix A, "Simple Statement".
const SIMPLE = {
  id: 'fd41c918-b88b-4b20-a0a5-a4c32391aaa0',
  timestamp: '2015-11-18T12:17:00+00:00',
  actor: { objectType: 'Agent', name: 'Project Tin Can API', mbox: 'mailto:user@example.com' },
  verb: { id: 'http://example.com/xapi/verbs#sent-a-statement', display: { 'en-US': 'sent ' } },
  object: {
    id: 'http://example.com/xapi/activity/simplestatement',
    definition: { name: { 'en-US': 'simple statement' }, description: { 'en-US': 'A simple Experience API statement. Note that the LRS does not need to have any prior information about the Actor (learner), the verb, or the Activity/object.' } },
  },
};

// Appendix A, "Typical simple completion with verb 'attempted'" (context, result, grouping).
const COMPLETION = {
  actor: { objectType: 'Agent', name: 'Example Learner', mbox: 'mailto:example.learner@adlnet.gov' },
  verb: { id: 'http://adlnet.gov/expapi/verbs/attempted', display: { 'en-US': 'attempted' } },
  object: {
    id: 'http://example.adlnet.gov/xapi/example/simpleCBT',
    definition: { name: { 'en-US': 'simple CBT course' }, description: { 'en-US': 'A fictitious example CBT course.' } },
  },
  result: { score: { scaled: 0.95 }, success: true, completion: true, duration: 'PT1234S' },
};

// Data 2.4.4.1, interaction activity "choice" example.
const CHOICE = {
  actor: { mbox: 'mailto:nurse@tyt-tancuong.vn' },
  verb: { id: 'http://adlnet.gov/expapi/verbs/answered' },
  object: {
    id: 'http://yte.vn/xapi/question/ppv-1',
    definition: {
      type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
      interactionType: 'choice',
      correctResponsesPattern: ['golf[,]tetris'],
      choices: [{ id: 'golf', description: { 'en-US': 'Golf Example' } }, { id: 'tetris', description: { 'en-US': 'Tetris Example' } }],
    },
  },
  context: { registration: 'ec531277-b57b-4c15-8d91-d292c5b2b8f7', contextActivities: { parent: { id: 'http://yte.vn/xapi/module/1' } }, language: 'vi-VN' },
};

const clone = <T>(x: T): T => structuredClone(x);

describe('validateStatement: the specification examples are valid', () => {
  it.each([['simple', SIMPLE], ['completion', COMPLETION], ['choice interaction', CHOICE]])('%s', (_n, s) => {
    expect(() => validateStatement(clone(s))).not.toThrow();
  });
});

describe('validateStatement: each MUST-reject rule names the property', () => {
  const cases: Array<[string, (s: Record<string, any>) => void, RegExp]> = [
    ['no actor', (s) => delete s.actor, /statement\.actor: is required/],
    ['no verb', (s) => delete s.verb, /statement\.verb: is required/],
    ['no object', (s) => delete s.object, /statement\.object: is required/],
    ['verb id without a scheme', (s) => (s.verb.id = 'not an iri'), /statement\.verb\.id: must be an absolute IRI/],
    ['activity id without a scheme', (s) => (s.object.id = 'example.com/activity'), /statement\.object\.id/],
    ['two identifiers on an agent', (s) => (s.actor.openid = 'http://openid.example.org/1'), /exactly one/],
    ['mbox without mailto:', (s) => (s.actor.mbox = 'user@example.com'), /mailto/],
    ['unknown top-level property', (s) => (s.foo = 1), /statement\.foo: is not a property allowed/],
    ['id not a UUID', (s) => (s.id = '1234'), /statement\.id: must be a UUID/],
    ['timestamp offset -00:00', (s) => (s.timestamp = '2015-11-18T12:17:00-00:00'), /-00:00/],
    ['timestamp not ISO 8601', (s) => (s.timestamp = '18/11/2015'), /ISO 8601/],
    ['language tag invalid', (s) => (s.verb.display = { 'not a tag!': 'sent' }), /RFC 5646/],
    ['scaled score above 1', (s) => (s.result = { score: { scaled: 1.5 } }), /between -1 and 1/],
    ['raw above max', (s) => (s.result = { score: { raw: 11, min: 0, max: 10 } }), /more than max/],
    ['duration not ISO 8601', (s) => (s.result = { duration: '1234 seconds' }), /duration/],
    ['weeks combined with days', (s) => (s.result = { duration: 'P4W1D' }), /duration/],
    ['anonymous group without members', (s) => (s.actor = { objectType: 'Group', name: 'team' }), /member/],
    ['group member that is a group', (s) => (s.actor = { objectType: 'Group', member: [{ objectType: 'Group', mbox: 'mailto:g@x.vn' }] }), /must be "Agent"/],
    ['revision with an agent object', (s) => { s.object = { objectType: 'Agent', mbox: 'mailto:b@x.vn' }; s.context = { revision: '1' }; }, /revision/],
    ['choices without interactionType', (s) => (s.object.definition = { choices: [{ id: 'a' }] }), /interactionType/],
    ['substatement in a substatement', (s) => (s.object = { objectType: 'SubStatement', actor: s.actor, verb: s.verb, object: { objectType: 'SubStatement', actor: s.actor, verb: s.verb, object: { id: 'http://x.vn/a' } } }), /SubStatement must not contain/],
    ['voiding verb on an activity', (s) => (s.verb = { id: 'http://adlnet.gov/expapi/verbs/voided' }), /StatementRef/],
    ['version 2.0', (s) => (s.version = '2.0.0'), /1\.0\.x/],
    ['attachment without sha2', (s) => (s.attachments = [{ usageType: 'http://x.vn/u', display: { en: 'x' }, contentType: 'text/plain', length: 1 }]), /sha2: is required/],
    ['null property', (s) => (s.result = null), /statement\.result: must be a JSON object/],
  ];
  it.each(cases)('%s', (_n, mutate, reason) => {
    const s = clone(SIMPLE) as Record<string, any>;
    mutate(s);
    expect(() => validateStatement(s)).toThrow(reason);
  });
});

describe('timestamps', () => {
  it('reads offsets as instants and rejects impossible dates', () => {
    expect(parseTimestamp('2026-11-01T07:00:00+07:00')).toBe(Date.parse('2026-11-01T00:00:00Z'));
    expect(parseTimestamp('2026-11-01T00:00:00.123Z')).toBe(Date.parse('2026-11-01T00:00:00.123Z'));
    expect(() => parseTimestamp('2026-13-01T00:00:00Z')).toThrow(/not a valid/);
  });
});

describe('statement helpers', () => {
  it('sameStatement ignores stored/authority/version, key order and the timestamp spelling', () => {
    const a = { ...clone(SIMPLE), stored: '2026-01-01T00:00:00Z', authority: { mbox: 'mailto:a@x.vn' } };
    const b = { ...clone(SIMPLE), timestamp: '2015-11-18T19:17:00+07:00', version: '1.0.0' };
    expect(sameStatement(a, b)).toBe(true);
    expect(sameStatement(a, { ...b, verb: { id: 'http://example.com/other' } })).toBe(false);
  });

  it('indexes agents, related agents and activities as the GET filters need them', () => {
    const s = normaliseStatement(clone(CHOICE) as Record<string, unknown>);
    const ix = indexStatement(s, { account: { homePage: 'urn:yte:xapi:client', name: 'demo-lrs' } });
    expect(ix.agents).toEqual(['Agent|mbox|mailto:nurse@tyt-tancuong.vn']);
    expect(ix.relatedAgents).toContain('Agent|account|urn:yte:xapi:client|demo-lrs');
    expect(ix.relatedActivities.sort()).toEqual(['http://yte.vn/xapi/module/1', 'http://yte.vn/xapi/question/ppv-1']);
    expect(ix.registration).toBe('ec531277-b57b-4c15-8d91-d292c5b2b8f7');
    // Data 2.4.6.2: a single context activity is returned as an array of one.
    expect((s.context as any).contextActivities.parent).toEqual([{ id: 'http://yte.vn/xapi/module/1' }]);
  });

  it('format=ids keeps identifiers only; canonical keeps the requested language', () => {
    const s = { ...clone(SIMPLE), verb: { id: SIMPLE.verb.id, display: { 'en-US': 'sent', vi: 'đã gửi' } } };
    const ids = formatStatement(s, 'ids', []);
    expect(ids.actor).toEqual({ objectType: 'Agent', mbox: 'mailto:user@example.com' });
    expect(ids.object).toEqual({ id: SIMPLE.object.id });
    expect((formatStatement(s, 'canonical', ['vi']).verb as any).display).toEqual({ vi: 'đã gửi' });
  });

  it('merges activity names across languages', () => {
    const a = mergeActivity(null, { id: 'http://yte.vn/m1', definition: { name: { vi: 'Mô-đun 1' } } });
    const b = mergeActivity(a, { id: 'http://yte.vn/m1', definition: { name: { en: 'Module 1' } } });
    expect((b.definition as any).name).toEqual({ vi: 'Mô-đun 1', en: 'Module 1' });
  });

  it('agent keys distinguish the identifier kind and the object type', () => {
    expect(agentKey({ mbox: 'mailto:a@x.vn' })).toBe('Agent|mbox|mailto:a@x.vn');
    expect(agentKey({ objectType: 'Group', mbox: 'mailto:a@x.vn' })).toBe('Group|mbox|mailto:a@x.vn');
    expect(agentKey({ objectType: 'Group', member: [] })).toBeNull();
  });
});
