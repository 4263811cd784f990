/**
 * Patient name search by tokens (migration 008). A query is folded ("Nguyễn Văn Ann" → "nguyen van
 * ann") and split into tokens; names are ranked in two tiers:
 *  1. as typed: every token is in the name (the last may be a prefix, for type-ahead) — ranked by
 *     a whole-word last token, tokens in the typed order, fewest tokens, then alphabetically;
 *  2. typos (only when tier 1 finds nothing): a token the vocabulary does not know may be any
 *     vocabulary token within a small edit distance — ranked by total edit distance, names that
 *     start with the first token typed (the family name, as people type it), fewest tokens, then
 *     alphabetically.
 * Only names held by a patient at the caller's facilities count. Patients of one name follow in
 * registration order (UUIDv7).
 */
import type { Queryable } from '../../db/db.ts';

/** At most this many tokens of a query are used (a Vietnamese name rarely has more than five). */
export const MAX_QUERY_TOKENS = 6;

/**
 * Ranking reads at most this many candidate names, those with as many tokens as the query first,
 * then one more, then the rest (see `candidates`). Only queries of very common tokens alone ("nguyen thi", "van")
 * match more; they are then ranked among the shortest candidates instead of all of them, which
 * keeps such type-ahead queries as fast as the rest.
 */
export const CANDIDATE_CAP = 1000;

/** Folded text → search tokens (letters and digits; anything else separates). */
export function nameTokens(folded: string): string[] {
  return folded.split(/[^a-z0-9]+/).filter(Boolean).slice(0, MAX_QUERY_TOKENS);
}

/**
 * Typos tolerated in one token: none for one or two letters (too many neighbours: "an" is one
 * edit from "anh", "lan", "tan"), one for three to five letters, two from six ("ngyuen" → "nguyen").
 */
export function allowedEdits(token: string): number {
  return token.length <= 2 ? 0 : token.length <= 5 ? 1 : 2;
}

/** A PostgreSQL regex: the tokens as words in this order, the last one possibly a prefix. */
export function inOrderPattern(tokens: string[]): string {
  return tokens.map((t, i) => (i === tokens.length - 1 ? `\\m${t}` : `\\m${t}\\M`)).join('.*');
}

export interface RankedName {
  name: string;
  /** Patients with this name at the caller's facilities, counted up to the cap. */
  patients: number;
}

/**
 * Up to CANDIDATE_CAP names meeting `where`, best lengths first: names with exactly `$n` tokens,
 * then `$n + 1`, then longer, then shorter (a query may repeat a token; each bucket is one GIN intersection; the outer LIMIT stops
 * reading once the cap is reached). The smallint casts let btree_gin use `ntokens` in the index.
 */
const candidates = (where: string, n: string) => `(
  (SELECT name_search, tokens, ntokens FROM patient_name n WHERE ${where} AND ntokens = ${n}::smallint LIMIT ${CANDIDATE_CAP})
  UNION ALL
  (SELECT name_search, tokens, ntokens FROM patient_name n WHERE ${where} AND ntokens = (${n} + 1)::smallint LIMIT ${CANDIDATE_CAP})
  UNION ALL
  (SELECT name_search, tokens, ntokens FROM patient_name n WHERE ${where} AND ntokens > (${n} + 1)::smallint LIMIT ${CANDIDATE_CAP})
  UNION ALL
  (SELECT name_search, tokens, ntokens FROM patient_name n WHERE ${where} AND ntokens < ${n}::smallint LIMIT ${CANDIDATE_CAP})
  LIMIT ${CANDIDATE_CAP})`;

// Rank first, then test facility membership lazily on the ranked stream (OFFSET 0 keeps the
// planner from pushing the EXISTS below the sort), so a common name does not probe every candidate.
const visibleAndCounted = (ranked: string, cap: number) => `
  SELECT s.name_search AS name, s.rk,
    (SELECT count(*)::int FROM (SELECT 1 FROM patient p WHERE p.name_search = s.name_search
       AND p.facility_id = ANY($1::uuid[]) LIMIT ${cap}) c) AS patients
  FROM (${ranked} OFFSET 0) s
  WHERE EXISTS (SELECT 1 FROM patient p WHERE p.name_search = s.name_search AND p.facility_id = ANY($1::uuid[]))
  LIMIT ${cap}`;

async function asTyped(q: Queryable, tokens: string[], facilityIds: string[], cap: number): Promise<RankedName[]> {
  const params: unknown[] = [facilityIds]; // $1: facilities (visibleAndCounted)
  const $ = (v: unknown) => `$${params.push(v)}`;
  const head = tokens.slice(0, -1);
  const where = `${head.length ? `n.tokens @> ${$(head)}::text[] AND ` : ''}n.tokens && ARRAY(SELECT t.token FROM name_token t WHERE t.token LIKE ${$(tokens[tokens.length - 1])} || '%')`;
  const ranked = `
    SELECT c.name_search, row_number() OVER (ORDER BY
        NOT (c.tokens @> ${$(tokens)}::text[]),
        ${tokens.length > 1 ? `c.name_search !~ ${$(inOrderPattern(tokens))},` : ''}
        c.ntokens, c.name_search COLLATE "C") AS rk
    FROM ${candidates(where, `${$(tokens.length)}::int`)} c
    ORDER BY rk`;
  const rows = await q.query<RankedName & { rk: number }>(visibleAndCounted(ranked, cap), params);
  return rows.sort((a, b) => a.rk - b.rk);
}

async function withTypos(q: Queryable, tokens: string[], facilityIds: string[], cap: number): Promise<RankedName[]> {
  // Expansions e(i, token, cost): exact 0, prefix of the last token 0.5, else the edit distance.
  // Only tokens the vocabulary does not know are taken as typos — unless every token is known
  // (then the typed combination has no match, and any of them may be the typo).
  const n = tokens.length;
  // Each typed token needs a name token, and one name token answers one typed token: "nguyen van
  // a" must not find "Nguyễn Thị An" by reading "an" as both "van" (one edit) and "a…".
  const where = `${tokens.map((_, i) => `n.tokens && ARRAY(SELECT e.token FROM e WHERE e.i = ${i + 1})`).join(' AND ')}
    AND (SELECT count(DISTINCT t) FROM unnest(n.tokens) AS t WHERE t IN (SELECT e.token FROM e)) >= ${n}`;
  const sql = `
    WITH qt AS MATERIALIZED (
      SELECT x.tok, x.i::int, x.k, EXISTS (SELECT 1 FROM name_token t WHERE t.token = x.tok
        OR (x.i = ${n} AND t.token LIKE x.tok || '%')) AS known
      FROM unnest($2::text[], $3::int[]) WITH ORDINALITY AS x(tok, k, i)),
    e AS MATERIALIZED (
      SELECT qt.i, t.token,
        CASE WHEN t.token = qt.tok THEN 0 WHEN qt.i = ${n} AND t.token LIKE qt.tok || '%' THEN 0.5
             ELSE levenshtein(t.token, qt.tok) END AS cost
      FROM qt JOIN name_token t ON t.token = qt.tok
        OR (qt.i = ${n} AND t.token LIKE qt.tok || '%')
        OR (qt.k > 0 AND (NOT qt.known OR (SELECT bool_and(known) FROM qt))
            AND levenshtein_less_equal(t.token, qt.tok, qt.k) <= qt.k))
    ${visibleAndCounted(`
      SELECT c.name_search, row_number() OVER (ORDER BY
          (SELECT sum(m.c) FROM (SELECT min(e.cost) AS c FROM e WHERE e.token = ANY(c.tokens) GROUP BY e.i) m),
          NOT (c.tokens[1] = ANY(ARRAY(SELECT e.token FROM e WHERE e.i = 1))),
          c.ntokens, c.name_search COLLATE "C") AS rk
      FROM ${candidates(where, '$4::int')} c
      ORDER BY rk`, cap)}`;
  const rows = await q.query<RankedName & { rk: number }>(sql, [facilityIds, tokens, tokens.map(allowedEdits), n]);
  return rows.sort((a, b) => a.rk - b.rk);
}

/**
 * Names matching the query in rank order, covering up to `cap` patients. Typo matching runs only
 * when no name matches as typed: a correctly typed name is not buried under its neighbours.
 */
export async function rankNames(q: Queryable, tokens: string[], facilityIds: string[], cap: number): Promise<RankedName[]> {
  if (tokens.length === 0 || facilityIds.length === 0) return [];
  const exact = await asTyped(q, tokens, facilityIds, cap);
  // With no token long enough for a typo, the second tier would repeat the first.
  if (exact.length > 0 || tokens.every((t) => allowedEdits(t) === 0)) return exact;
  return withTypos(q, tokens, facilityIds, cap);
}

/**
 * The names a page [offset, offset + limit) of the concatenated patient list touches, and how many
 * patients of the first of them to skip.
 */
export function pageOfNames(names: RankedName[], offset: number, limit: number): { names: string[]; skip: number } {
  const out: string[] = [];
  let start = 0;
  let skip = 0;
  for (const r of names) {
    const end = start + r.patients;
    if (end > offset && start < offset + limit) {
      if (out.length === 0) skip = offset - start;
      out.push(r.name);
    }
    start = end;
    if (start >= offset + limit) break;
  }
  return { names: out, skip };
}
