/**
 * yte claims CLI (`npm run --silent claims -- …`):
 *   export --demo --out DIR [--count N]   build, validate and sign the demo visits: one signed GIAMDINHHS
 *                                          envelope per visit in DIR/<MA_LK>.xml; held-back visits on stderr
 *   validate FILE [--catalogue CSV] [--pubkey PEM]
 *                                          exit 0 when valid; else exit 1 and one JSON line per error on stdout:
 *                                          {"maLk","table","field","rule","message"}
 *   xsd DIR                                write the XSD of every table and of the envelope
 * Exit codes: 0 ok, 1 invalid envelope, 2 usage error.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildClaim } from './build.ts';
import { Catalogue, parseCatalogueCsv } from './catalogue.ts';
import { demoVisits, DEMO_FACILITY } from './demo.ts';
import { parseEnvelope } from './envelope.ts';
import { signedEnvelopeXml, softwareSigner, verifyEnvelope } from './sign.ts';
import { TABLE_IDS } from './tables.ts';
import { isBlocked, validateClaim, type ClaimError } from './validate.ts';
import { envelopeXsd, xsdFor } from './xsd.ts';

export const DEMO_CATALOGUE = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'demo-catalogue.csv');

function arg(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function loadCatalogue(path: string): Catalogue {
  const { items, errors } = parseCatalogueCsv(readFileSync(path, 'utf8'));
  if (errors.length) {
    for (const e of errors) process.stderr.write(`danh mục dòng ${e.line} ${e.column}: ${e.message}\n`);
    process.exit(2);
  }
  return new Catalogue(items);
}

function exportDemo(args: string[]): number {
  const out = arg(args, '--out');
  if (!args.includes('--demo') || !out) {
    process.stderr.write('usage: claims export --demo --out DIR [--count N]\n');
    return 2;
  }
  const count = Number(arg(args, '--count') ?? 6);
  const catalogue = loadCatalogue(DEMO_CATALOGUE);
  // Demo only: an ephemeral software key (never a facility's key); the public key travels as ds:KeyValue.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signer = softwareSigner(privateKey);
  mkdirSync(out, { recursive: true });
  let written = 0;
  let held = 0;
  for (const visit of demoVisits(count)) {
    const { record } = buildClaim(visit, catalogue);
    const errors = validateClaim(record, { catalogue });
    if (isBlocked(errors)) {
      held++;
      process.stderr.write(`GIỮ LẠI hồ sơ ${record.maLk}: ${errors.length} lỗi chặn, không xuất\n`);
      for (const e of errors) process.stderr.write(`  [${e.rule}] ${e.table}.${e.field}: ${e.message}\n`);
      continue;
    }
    const ngayLap = visit.paidAt.slice(0, 10).replaceAll('-', '');
    const signed = signedEnvelopeXml(DEMO_FACILITY.code, ngayLap, [record], signer);
    writeFileSync(join(out, `${record.maLk}.xml`), signed);
    written++;
  }
  process.stdout.write(`${written} hồ sơ đã ký và xuất vào ${out}; ${held} hồ sơ bị giữ lại\n`);
  return 0;
}

function validateFile(args: string[]): number {
  const file = args[0];
  if (!file) {
    process.stderr.write('usage: claims validate FILE [--catalogue CSV] [--pubkey PEM]\n');
    return 2;
  }
  const catPath = arg(args, '--catalogue');
  const catalogue = catPath ? loadCatalogue(catPath) : undefined;
  const pub = arg(args, '--pubkey');
  const errors: Array<Omit<ClaimError, 'severity'>> = [];
  const env = (field: string, rule: string, message: string) => errors.push({ maLk: '', table: 'GIAMDINHHS', field, rule, message });
  let xml: string;
  try {
    xml = readFileSync(file, 'utf8');
  } catch (e) {
    process.stderr.write(`không đọc được ${file}: ${(e as Error).message}\n`);
    return 2;
  }
  try {
    const parsed = parseEnvelope(xml);
    if (!/^[0-9A-Z]{5}$/.test(parsed.maCskcb)) env('MACSKCB', 'F-FMT', 'MACSKCB phải có 5 ký tự (mã cơ sở KCB). Cách sửa: ghi mã cơ sở do BHXH cấp.');
    if (!/^\d{8}$/.test(parsed.ngayLap)) env('NGAYLAP', 'F-FMT', 'NGAYLAP phải có dạng yyyyMMdd.');
    if (String(parsed.records.length) !== parsed.soLuongHoSo) env('SOLUONGHOSO', 'X-SUM', `SOLUONGHOSO = ${parsed.soLuongHoSo} nhưng có ${parsed.records.length} HOSO. Cách sửa: ghi đúng số hồ sơ.`);
    for (const p of parsed.problems) env('NOIDUNGFILE', 'F-FMT', `${p}. Cách sửa: xuất lại tệp bảng từ phần mềm.`);
    for (const r of parsed.records) {
      for (const e of validateClaim(r, { catalogue })) if (e.severity === 'blocking') errors.push(e);
      const cs = r.tables.XML1?.[0]?.MA_CSKCB;
      if (cs && cs !== parsed.maCskcb) errors.push({ maLk: r.maLk, table: 'XML1', field: 'MA_CSKCB', rule: 'X-MALK', message: `XML1.MA_CSKCB ${cs} khác MACSKCB ${parsed.maCskcb} của gói. Cách sửa: gửi hồ sơ trong gói của đúng cơ sở.` });
    }
    const sig = verifyEnvelope(xml, pub ? readFileSync(pub, 'utf8') : undefined);
    if (!sig.valid) env('CHUKYDONVI', 'S-SIG', `Chữ ký số của cơ sở không hợp lệ: ${sig.reason}. Cách sửa: ký lại gói bằng chứng thư số của cơ sở sau lần sửa cuối.`);
  } catch (e) {
    env('*', 'F-XML', `${(e as Error).message}. Cách sửa: tệp phải là gói GIAMDINHHS theo QĐ 130.`);
  }
  for (const e of errors) {
    process.stdout.write(JSON.stringify({ maLk: e.maLk, table: e.table, field: e.field, rule: e.rule, message: e.message }) + '\n');
  }
  return errors.length ? 1 : 0;
}

function writeXsd(args: string[]): number {
  const dir = args[0];
  if (!dir) return 2;
  mkdirSync(dir, { recursive: true });
  for (const id of TABLE_IDS) writeFileSync(join(dir, `${id}.xsd`), xsdFor(id));
  writeFileSync(join(dir, 'GIAMDINHHS.xsd'), envelopeXsd());
  return 0;
}

const [cmd, ...rest] = process.argv.slice(2);
const code = cmd === 'export' ? exportDemo(rest) : cmd === 'validate' ? validateFile(rest) : cmd === 'xsd' ? writeXsd(rest) : (process.stderr.write('usage: claims export|validate|xsd …\n'), 2);
process.exitCode = code;
