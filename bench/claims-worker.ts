/** Worker of bench/claims.bench.ts: builds, validates and signs the envelopes of visits [from, to). */
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { Catalogue, buildClaim, demoVisits, isBlocked, parseCatalogueCsv, signedEnvelopeXml, softwareSigner, validateClaim } from '../packages/claims/src/index.ts';

const { from, to, total, catalogueCsv } = workerData as { from: number; to: number; total: number; catalogueCsv: string };
const catalogue = new Catalogue(parseCatalogueCsv(readFileSync(catalogueCsv, 'utf8')).items);
const signer = softwareSigner(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
const visits = demoVisits(total, false, 4242).slice(from, to);
parentPort!.once('message', () => {
  const c0 = process.cpuUsage();
  let bytes = 0;
  let held = 0;
  for (const v of visits) {
    const { record } = buildClaim(v, catalogue);
    if (isBlocked(validateClaim(record, { catalogue }))) {
      held++;
      continue;
    }
    bytes += signedEnvelopeXml('01820', '20240630', [record], signer).length;
  }
  const c = process.cpuUsage(c0);
  parentPort!.postMessage({ bytes, held, cpu: (c.user + c.system) / 1e6 });
});
parentPort!.postMessage('ready');
