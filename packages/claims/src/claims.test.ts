import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  Catalogue, RULES, RULE_BASIS, TABLE_IDS, benefit, buildClaim, demoVisits, envelopeXml, envelopeXsd, parseCardNumber, parseCatalogueCsv,
  parseEnvelope, signEnvelope, signEnvelopeAsync, signedEnvelopeXml, signWithXmlCrypto, softwareSigner, validateClaim, verifyEnvelope, xsdFor, type KeySigner,
} from './index.ts';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const catalogue = new Catalogue(parseCatalogueCsv(readFileSync(join(pkg, 'data/demo-catalogue.csv'), 'utf8')).items);
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

describe('card number (QĐ 1351/QĐ-BHXH) and benefit level (Luật BHYT Điều 22, NĐ 146/2018 Điều 14)', () => {
  it('parses the 15-character code and refuses malformed ones', () => {
    expect(parseCardNumber('DN4010123456789')).toEqual({ group: 'DN', benefitCode: 4, province: '01', socialInsuranceNo: '0123456789' });
    for (const bad of ['DN401012345678', 'DN6010123456789', 'dn4010123456789', 'D14010123456789']) expect(parseCardNumber(bad)).toBeNull();
  });
  const base = { route: 'on-route' as const, level: 'district' as const, inpatient: false, baseSalaryVnd: 2_340_000, fiveYearsContinuous: false, coPaidThisYearVnd: 0 };
  it('80 % card above the 15 % threshold pays 80 %; below it 100 %', () => {
    expect(benefit({ ...base, cardPercent: 80, coveredCostVnd: 1_000_000 })).toMatchObject({ mucHuong: 80, fundVnd: 800_000, coPayVnd: 200_000 });
    // 15 % of 2,340,000 = 351,000: 350,999 is below, 351,000 is not.
    expect(benefit({ ...base, cardPercent: 80, coveredCostVnd: 350_999 }).mucHuong).toBe(100);
    expect(benefit({ ...base, cardPercent: 80, coveredCostVnd: 351_000 }).mucHuong).toBe(80);
  });
  it('commune level pays 100 %, off-route central inpatient 40 % of the card level, off-route provincial outpatient 0', () => {
    expect(benefit({ ...base, level: 'commune', cardPercent: 80, coveredCostVnd: 5e6 }).mucHuong).toBe(100);
    expect(benefit({ ...base, route: 'off-route', level: 'central', inpatient: true, cardPercent: 80, coveredCostVnd: 5e6 }).mucHuong).toBe(32);
    expect(benefit({ ...base, route: 'off-route', level: 'provincial', inpatient: false, cardPercent: 95, coveredCostVnd: 5e6 }).mucHuong).toBe(0);
  });
  it('annual ceiling: after 6 months of base salary co-paid (5 years continuous) the fund pays 100 %, not off-route', () => {
    const over = { ...base, cardPercent: 80 as const, coveredCostVnd: 5e6, fiveYearsContinuous: true, coPaidThisYearVnd: 6 * 2_340_000 + 1 };
    expect(benefit(over).mucHuong).toBe(100);
    expect(benefit({ ...over, fiveYearsContinuous: false }).mucHuong).toBe(80);
    expect(benefit({ ...over, coPaidThisYearVnd: 6 * 2_340_000 - 500_000 }).ceilingReachedDuringVisit).toBe(true);
    expect(benefit({ ...over, route: 'off-route', level: 'district' }).mucHuong).toBe(80);
  });
});

describe('rule catalogue', () => {
  it('every rule has a basis; no Decision 3176 code is claimed without a verified source', () => {
    expect(Object.keys(RULE_BASIS).sort()).toEqual(Object.keys(RULES).sort());
    for (const b of Object.values(RULE_BASIS)) {
      expect(b.basis.length).toBeGreaterThan(5);
      expect(b.decision3176).toBeNull();
    }
  });
});

describe('catalogue import', () => {
  it('lists every bad row and imports nothing', () => {
    const csv = readFileSync(join(pkg, 'data/demo-catalogue.csv'), 'utf8') + 'DVKT,02.1896,Khám,Lần,13,abc,1,100,1,20240101,\n';
    const r = parseCatalogueCsv(csv);
    expect(r.items).toEqual([]);
    expect(r.errors.map((e) => e.column).sort()).toEqual(['DON_GIA_BH', 'MA']);
  });
  it('prices on the service date', () => {
    expect(catalogue.on('02.0001.1896', '202306150800')?.priceBh).toBe(35000);
    expect(catalogue.on('02.0001.1896', '202406150800')?.priceBh).toBe(38700);
  });
});

describe('build and validate', () => {
  const visits = demoVisits(6);
  it('builds valid demo claims whose totals are the sums of their lines', () => {
    for (const v of visits.slice(0, 5)) {
      const { record } = buildClaim(v, catalogue);
      expect(validateClaim(record, { catalogue })).toEqual([]);
      const lines = [...record.tables.XML2!, ...record.tables.XML3!];
      const total = lines.reduce((s, l) => s + Number(l.THANH_TIEN_BV), 0);
      expect(Number(record.tables.XML1![0]!.T_TONGCHI_BV)).toBeCloseTo(total, 2);
      expect(Number(record.tables.XML1![0]!.T_TONGCHI_BV)).toBeGreaterThan(0);
    }
  });
  it('an 80 % card at district level above the threshold: lines split 80/20, XML1 totals follow, validation passes', () => {
    const v = structuredClone(visits[0]!);
    v.facility = { ...v.facility, level: 'district' };
    v.card = { ...v.card, number: 'DN4010123456789', continuousSince: undefined };
    v.services.push({ code: '23.0003.1506', quantity: 4, orderedAt: v.services[0]!.orderedAt });
    const { record, benefit: b } = buildClaim(v, catalogue);
    expect(b.mucHuong).toBe(80);
    const lines = [...record.tables.XML2!, ...record.tables.XML3!];
    for (const l of lines) {
      expect(l.MUC_HUONG).toBe('80');
      expect(Number(l.T_BHTT)).toBeCloseTo(Number(l.THANH_TIEN_BH) * 0.8, 2);
      expect(Number(l.T_BNCCT)).toBeCloseTo(Number(l.THANH_TIEN_BH) * 0.2, 2);
    }
    const x1 = record.tables.XML1![0]!;
    expect(Number(x1.T_BHTT) + Number(x1.T_BNCCT)).toBeCloseTo(Number(x1.T_TONGCHI_BH), 2);
    expect(Number(x1.T_TONGCHI_BH)).toBeGreaterThan(351_000);
    expect(validateClaim(record, { catalogue })).toEqual([]);
    // A 95 % line on this 80 % card is caught.
    record.tables.XML3![0]!.MUC_HUONG = '95';
    expect(validateClaim(record, { catalogue }).map((e) => e.rule)).toContain('C-LEVEL');
  });
  it('holds back the erroneous visit with the rule, the field and a Vietnamese fix', () => {
    const { record } = buildClaim(visits[5]!, catalogue);
    const errors = validateClaim(record, { catalogue });
    expect(errors.map((e) => `${e.table}.${e.field}:${e.rule}`).sort()).toEqual(['XML1.GT_THE_DEN:C-VALID', 'XML1.MA_BENH_CHINH:I-ICD']);
    for (const e of errors) {
      expect(e.maLk).toBe(visits[5]!.maLk);
      expect(e.message).toMatch(/Cách sửa/);
    }
  });
  it('catches tampered totals, MA_LK mismatch, dates out of order, unknown codes and wrong prices', () => {
    const { record } = buildClaim(visits[0]!, catalogue);
    const x1 = record.tables.XML1![0]!;
    x1.T_BHTT = String(Number(x1.T_BHTT) + 1000);
    record.tables.XML2![0]!.MA_LK = 'OTHER';
    record.tables.XML3![0]!.NGAY_YL = '202401010000';
    record.tables.XML3![0]!.MA_DICH_VU = '99.9999.9999';
    record.tables.XML2![0]!.DON_GIA = '1';
    const rules = new Set(validateClaim(record, { catalogue }).map((e) => `${e.table}.${e.field}:${e.rule}`));
    for (const r of ['XML1.T_BHTT:X-SUM', 'XML2.MA_LK:X-MALK', 'XML3.NGAY_YL:D-ORDER', 'XML3.MA_DICH_VU:K-MISSING', 'XML2.DON_GIA:K-PRICE', 'XML2.THANH_TIEN_BH:X-LINE']) {
      expect(rules).toContain(r);
    }
  });
  it('field rules: required, format, length, impossible dates', () => {
    const { record } = buildClaim(visits[1]!, catalogue);
    const x1 = record.tables.XML1![0]!;
    x1.HO_TEN = '';
    x1.NGAY_VAO = '202402300800';
    x1.MA_CSKCB = '018200';
    x1.T_THUOC = '12,5';
    const got = new Set(validateClaim(record).map((e) => `${e.field}:${e.rule}`));
    for (const r of ['HO_TEN:F-REQ', 'NGAY_VAO:D-DATE', 'MA_CSKCB:F-LEN', 'T_THUOC:F-FMT']) expect(got).toContain(r);
  });
});

describe('envelope, XSD (xmllint) and signature (xmlsec1)', () => {
  let dir: string;
  let signed: string;
  let pubPem: string;
  let signer: KeySigner;
  let unsigned: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'yte-claims-'));
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    pubPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const records = demoVisits(3, false).map((v) => buildClaim(v, catalogue).record);
    signer = softwareSigner(privateKey);
    unsigned = envelopeXml('01820', '20240630', records);
    // The one-pass path the CLI, server and bench use; xmllint/xmlsec1 below check its output.
    signed = signedEnvelopeXml('01820', '20240630', records, signer);
    writeFileSync(join(dir, 'env.xml'), signed);
    writeFileSync(join(dir, 'pub.pem'), pubPem);
  });

  it('one-pass signing equals signing the built envelope, and xml-crypto computes the same digest', () => {
    expect(signed).toBe(signEnvelope(unsigned, signer));
    const general = signWithXmlCrypto(unsigned, signer);
    const digest = (x: string) => /<(?:\w+:)?DigestValue>([^<]+)</.exec(x)![1];
    expect(digest(general)).toBe(digest(signed));
    expect(verifyEnvelope(general, pubPem).valid).toBe(true);
  });

  it('the committed XSDs are the ones tables.ts generates', () => {
    for (const id of TABLE_IDS) expect(readFileSync(join(pkg, 'xsd', `${id}.xsd`), 'utf8')).toBe(xsdFor(id));
    expect(readFileSync(join(pkg, 'xsd', 'GIAMDINHHS.xsd'), 'utf8')).toBe(envelopeXsd());
  });

  it('round-trips: parse the envelope back to the same rows', () => {
    const p = parseEnvelope(signed);
    expect(p.records).toHaveLength(3);
    expect(p.records[0]!.tables.XML1![0]!.MA_LK).toBe('0182000000001');
    for (const r of p.records) expect(validateClaim(r, { catalogue })).toEqual([]);
  });

  it.skipIf(!has('xmllint'))('xmllint accepts the envelope and every table, and rejects a bad table (needs libxml2-utils)', () => {
    execFileSync('xmllint', ['--noout', '--schema', join(pkg, 'xsd/GIAMDINHHS.xsd'), join(dir, 'env.xml')], { stdio: 'pipe' });
    const re = /<LOAIHOSO>(\w+)<\/LOAIHOSO>\s*<NOIDUNGFILE>([^<]+)</g;
    let m: RegExpExecArray | null;
    const seen = new Set<string>();
    while ((m = re.exec(signed))) {
      const f = join(dir, `${m[1]}-${seen.size}.xml`);
      writeFileSync(f, Buffer.from(m[2]!, 'base64'));
      execFileSync('xmllint', ['--noout', '--schema', join(pkg, `xsd/${m[1]}.xsd`), f], { stdio: 'pipe' });
      seen.add(m[1]!);
    }
    expect([...seen].sort()).toEqual(['XML1', 'XML14', 'XML2', 'XML3', 'XML4', 'XML5']);
    const bad = join(dir, 'bad.xml');
    writeFileSync(bad, readFileSync(join(dir, 'XML1-0.xml'), 'utf8').replace(/<NGAY_VAO>\d+</, '<NGAY_VAO>2024-06-03<'));
    const r = spawnSync('xmllint', ['--noout', '--schema', join(pkg, 'xsd/XML1.xsd'), bad]);
    expect(r.status).not.toBe(0);
    expect(String(r.stderr)).toMatch(/NGAY_VAO/);
  });

  it('xml-crypto verifies; a changed byte breaks it', () => {
    expect(verifyEnvelope(signed, pubPem)).toMatchObject({ signed: true, valid: true });
    expect(verifyEnvelope(signed)).toMatchObject({ valid: true }); // with the embedded RSAKeyValue
    const tampered = signed.replace('<SOLUONGHOSO>3<', '<SOLUONGHOSO>4<');
    expect(verifyEnvelope(tampered, pubPem).valid).toBe(false);
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(verifyEnvelope(signed, other).valid).toBe(false);
  });

  it.skipIf(!has('xmlsec1'))('xmlsec1 (an independent XMLDSig engine) verifies the signature and rejects a tampered file (needs xmlsec1)', () => {
    execFileSync('xmlsec1', ['--verify', '--pubkey-pem', join(dir, 'pub.pem'), join(dir, 'env.xml')], { stdio: 'pipe' });
    writeFileSync(join(dir, 'tampered.xml'), signed.replace('<NGAYLAP>20240630<', '<NGAYLAP>20240701<'));
    expect(spawnSync('xmlsec1', ['--verify', '--pubkey-pem', join(dir, 'pub.pem'), join(dir, 'tampered.xml')]).status).not.toBe(0);
  });

  it('the token hook: an asynchronous KeySigner signs the same way', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const soft = softwareSigner(privateKey);
    const token: KeySigner = { publicKeyPem: soft.publicKeyPem, signRsaSha256: async (d) => soft.signRsaSha256(d) as Buffer };
    const xml = await signEnvelopeAsync(envelopeXml('01820', '20240630', [buildClaim(demoVisits(1, false)[0]!, catalogue).record]), token);
    expect(verifyEnvelope(xml, publicKey.export({ type: 'spki', format: 'pem' }).toString()).valid).toBe(true);
  });
});

describe('CLI', () => {
  const run = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(pkg, 'src/cli.ts'), ...args], { encoding: 'utf8' });
  it('export --demo writes signed envelopes, holds back the bad visit with a message; validate accepts them and rejects a tampered one', () => {
    const out = mkdtempSync(join(tmpdir(), 'yte-claims-cli-'));
    const e = run(['export', '--demo', '--out', out]);
    expect(e.status).toBe(0);
    expect(e.stderr).toMatch(/GIỮ LẠI hồ sơ 0182000000006.*\n.*C-VALID|GIỮ LẠI hồ sơ 0182000000006[\s\S]*C-VALID/);
    const files = readdirSync(out).filter((f) => f.endsWith('.xml'));
    expect(files).toHaveLength(5);
    expect(run(['validate', join(out, files[0]!)]).status).toBe(0);
    const bad = join(out, 'bad.xml.txt');
    const xml = readFileSync(join(out, files[0]!), 'utf8');
    const p = parseEnvelope(xml);
    const x1 = p.records[0]!.tables.XML1![0]!;
    x1.MA_BENH_CHINH = 'XYZ';
    writeFileSync(bad, envelopeXml('01820', '20240630', p.records));
    const v = run(['validate', bad]);
    expect(v.status).toBe(1);
    const lines = v.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    expect(lines).toContainEqual(expect.objectContaining({ maLk: x1.MA_LK, table: 'XML1', field: 'MA_BENH_CHINH', rule: 'I-ICD' }));
    expect(lines).toContainEqual(expect.objectContaining({ table: 'GIAMDINHHS', field: 'CHUKYDONVI', rule: 'S-SIG' }));
    for (const l of lines) expect(Object.keys(l)).toEqual(['maLk', 'table', 'field', 'rule', 'message']);
  });
  it('validate refuses what is not an envelope', () => {
    const f = join(mkdtempSync(join(tmpdir(), 'yte-claims-')), 'x.xml');
    writeFileSync(f, '<nope>');
    const v = run(['validate', f]);
    expect(v.status).toBe(1);
    expect(JSON.parse(v.stdout.trim().split('\n')[0]!)).toMatchObject({ rule: 'F-XML' });
  });
});
