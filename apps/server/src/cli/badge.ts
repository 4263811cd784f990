/**
 * `npm run --silent badge -- …`: Open Badges 3.0 from the command line, with no network.
 *   issue --demo [--jwt] [--status-out FILE] [--revoked] [--now ISO] [--valid-until ISO]
 *       prints a signed OpenBadgeCredential for a demo learner (JSON on stdout), signed by a fresh
 *       did:key; with --jwt, the same credential as a VC-JWT (compact JWS, EdDSA) instead.
 *       --status-out writes its signed status list credential (the cached copy a verifier uses),
 *       with the badge's bit set when --revoked.
 *   verify FILE|- [--status-list FILE]... [--now ISO]
 *       verifies offline: a JSON credential with its Data Integrity proof, a VC-JWT file (the
 *       compact token), or its JSON EnvelopedVerifiableCredential. Exit 0 and "valid", or exit 1 and the reason: "signature invalid",
 *       "revoked", "expired", "not yet valid", "status list invalid", "malformed: …".
 *       Without the status list the badge names, revocation is not checked (said on stderr).
 * Exit 2: usage error.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import * as cred from '../modules/badges/credential/index.ts';

const USAGE = `usage:
  npm run --silent badge -- issue --demo [--jwt] [--status-out FILE] [--revoked] [--now ISO] [--valid-until ISO]
  npm run --silent badge -- verify FILE|- [--status-list FILE]... [--now ISO]`;

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}
function options(args: string[], name: string): string[] {
  return args.flatMap((a, i) => (a === name && args[i + 1] !== undefined ? [args[i + 1]!] : []));
}
function date(s: string | undefined, name: string): Date | undefined {
  if (s === undefined) return undefined;
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) throw new UsageError(`${name} must be an ISO date-time, got "${s}"`);
  return d;
}
class UsageError extends Error {}

export const DEMO_ACHIEVEMENT: cred.AchievementInput = {
  id: 'urn:yte:training:path:station_staff',
  name: 'Nhân viên trạm y tế: AI thiết yếu (Station staff: AI essentials)',
  description: 'Lộ trình đào tạo AI cho nhân viên trạm y tế xã: AI là gì, cảnh báo NEWS2, sàng lọc, sử dụng AI có trách nhiệm và bảo vệ dữ liệu cá nhân.',
  criteria: 'Hoàn thành các bài học và bài thực hành bắt buộc của lộ trình và đạt bài kiểm tra sau (≥ 80 %).',
  inLanguage: 'vi',
};

async function issueDemo(args: string[]): Promise<number> {
  if (!args.includes('--demo')) throw new UsageError('only "issue --demo" is available here; the server issues real badges (POST /api/badges)');
  const now = date(option(args, '--now'), '--now') ?? new Date();
  const validUntil = date(option(args, '--valid-until'), '--valid-until');
  const key = await cred.keyFromSeed(randomBytes(32));
  const base = (process.env.YTE_PUBLIC_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
  const listUrl = `${base}/api/badges/status/${randomUUID()}`;
  const index = randomInt(cred.STATUS_LIST_LENGTH);
  const badge = await cred.issueBadge({
    id: `urn:uuid:${randomUUID()}`,
    issuer: { name: 'Trạm Y tế Đồi Chè (demo)', url: base },
    achievement: DEMO_ACHIEVEMENT,
    learner: { id: `urn:uuid:${randomUUID()}`, name: 'Nguyễn Thị Hoa' },
    now,
    ...(validUntil ? { validUntil } : {}),
    status: { listUrl, index },
  }, key);
  const statusOut = option(args, '--status-out');
  if (statusOut) {
    let bits = await cred.emptyEncodedList();
    if (args.includes('--revoked')) bits = await cred.setBits(bits, [index]);
    const list = await cred.signStatusList({ listUrl, encodedList: bits, key, issuerName: 'Trạm Y tế Đồi Chè (demo)', now });
    writeFileSync(statusOut, JSON.stringify(list, null, 2) + '\n');
  } else if (args.includes('--revoked')) {
    throw new UsageError('--revoked needs --status-out FILE (the revocation lives in the status list)');
  }
  process.stdout.write(args.includes('--jwt') ? cred.signCredentialJwt(badge, key) + '\n' : JSON.stringify(badge, null, 2) + '\n');
  return 0;
}

async function verify(args: string[]): Promise<number> {
  const file = args[0];
  if (!file || file.startsWith('--')) throw new UsageError('verify needs a FILE (or - for stdin)');
  const now = date(option(args, '--now'), '--now') ?? new Date();
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
  let credential: unknown;
  if (cred.jwtOf(text) !== null) {
    credential = text.trim(); // a VC-JWT file (application/vc+jwt)
  } else {
    try {
      credential = JSON.parse(text);
    } catch (e) {
      console.log(`malformed: neither JSON nor a VC-JWT (${(e as Error).message})`);
      return 1;
    }
  }
  const lists: Record<string, unknown>[] = [];
  for (const f of options(args, '--status-list')) {
    try {
      lists.push(JSON.parse(readFileSync(f, 'utf8')) as Record<string, unknown>);
    } catch (e) {
      throw new UsageError(`cannot read status list ${f}: ${(e as Error).message}`);
    }
  }
  const r = await cred.verifyBadge(credential, { now, statusLists: lists });
  if (r.valid) {
    console.log('valid');
    console.error(`  ${r.form === 'vc-jwt' ? 'VC-JWT (EdDSA)' : 'Data Integrity eddsa-rdfc-2022'}: ${r.achievement?.name ?? ''} — ${r.subject?.name ?? ''}; issued by ${r.issuer?.name ?? ''} (${r.issuer?.id}) on ${r.validFrom}`);
    if (!r.statusChecked) console.error('  revocation not checked: pass the status list it names with --status-list FILE');
    return 0;
  }
  console.log(r.reason === 'malformed' ? `malformed: ${r.detail}` : r.reason);
  if (r.detail && r.reason !== 'malformed') console.error(`  ${r.detail}`);
  return 1;
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...args] = argv;
  try {
    if (cmd === 'issue') return await issueDemo(args);
    if (cmd === 'verify') return await verify(args);
    if (cmd === '--help' || cmd === 'help') {
      console.log(USAGE);
      return 0;
    }
    throw new UsageError(cmd ? `unknown command "${cmd}"` : 'a command is needed');
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`badge: ${e.message}\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}

process.exitCode = await main(process.argv.slice(2));
