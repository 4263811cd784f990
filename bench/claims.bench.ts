/**
 * Claims XML (issue 17): build + validate (field and cross-file rules, catalogue) + sign (XMLDSig
 * RSA-SHA256, exc-c14n) the GIAMDINHHS envelope of 10,000 demo visits, one envelope per visit, one thread.
 */
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bench } from './lib.ts';
import { Catalogue, buildClaim, demoVisits, envelopeXml, isBlocked, parseCatalogueCsv, signEnvelope, softwareSigner, validateClaim } from '../packages/claims/src/index.ts';

const here = dirname(fileURLToPath(import.meta.url));

const bench: Bench = async (ctx) => {
  const n = ctx.quick ? 500 : 10_000;
  const catalogue = new Catalogue(parseCatalogueCsv(readFileSync(join(here, '../packages/claims/data/demo-catalogue.csv'), 'utf8')).items);
  const signer = softwareSigner(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
  const visits = demoVisits(n, false, 4242);
  ctx.log(`${n} visits`);
  let bytes = 0;
  let held = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (const v of visits) {
    const { record } = buildClaim(v, catalogue);
    if (isBlocked(validateClaim(record, { catalogue }))) {
      held++;
      continue;
    }
    bytes += signEnvelope(envelopeXml('01820', '20240630', [record]), signer).length;
  }
  const s = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1e6;
  if (held) throw new Error(`${held} demo visits were held back`);
  // The wall time depends on what else runs on the machine: the CPU time of this (single) thread is logged too.
  ctx.log(`${s.toFixed(2)} s wall, ${cpu.toFixed(2)} s CPU, ${(n / s).toFixed(0)} records/s, ${(bytes / n / 1024).toFixed(1)} KiB per envelope, load average ${loadavg()[0]!.toFixed(1)}`);
  const scale = 10_000 / n;
  return [
    { name: 'claims xml 10k visits', value: +(s * scale).toFixed(3), unit: 's', goal: '<= 10' },
    { name: 'claims xml records/s', value: Math.round(n / s), unit: 'records/s', goal: '>= 1000' },
    { name: 'claims xml 10k visits cpu', value: +(cpu * scale).toFixed(3), unit: 's', goal: '<= 10' },
  ];
};
export default bench;
