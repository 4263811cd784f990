/**
 * Okapi BM25 (Robertson & Zaragoza, "The Probabilistic Relevance Framework: BM25 and Beyond", 2009;
 * k1 = 1.2, b = 0.75) over bags of terms, with queries made of concepts: a concept is a set of
 * alternative terms (a word and its glossary synonyms/translations), and a document scores the best
 * alternative of each concept, so a concept with many synonyms does not outweigh one with few.
 */
export interface QueryTerm {
  term: string;
  weight: number;
}
/** Alternatives for one idea in the question. */
export type Concept = QueryTerm[];

export class Bm25Index {
  private readonly postings = new Map<string, Map<number, number>>();
  private readonly lengths: number[] = [];
  private totalLength = 0;
  constructor(
    private readonly k1 = 1.2,
    private readonly b = 0.75,
  ) {}

  get size(): number {
    return this.lengths.length;
  }

  /** Adds a document (its terms, repeats counted) and returns its number. */
  add(terms: string[]): number {
    const id = this.lengths.length;
    this.lengths.push(terms.length);
    this.totalLength += terms.length;
    for (const t of terms) {
      let p = this.postings.get(t);
      if (!p) this.postings.set(t, (p = new Map()));
      p.set(id, (p.get(id) ?? 0) + 1);
    }
    return id;
  }

  df(term: string): number {
    return this.postings.get(term)?.size ?? 0;
  }

  /** BM25 idf, floored at a small positive value so very common terms still count a little. */
  idf(term: string): number {
    const n = this.size;
    const df = this.df(term);
    return Math.max(0.05, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
  }

  /** Scores every document that matches at least one concept; returns id → score. */
  score(concepts: Concept[]): Map<number, number> {
    const avg = this.size ? this.totalLength / this.size : 1;
    const out = new Map<number, number>();
    for (const concept of concepts) {
      const best = new Map<number, number>();
      for (const { term, weight } of concept) {
        const p = this.postings.get(term);
        if (!p) continue;
        const idf = this.idf(term);
        for (const [id, tf] of p) {
          const len = this.lengths[id] ?? 0;
          const s = weight * idf * ((tf * (this.k1 + 1)) / (tf + this.k1 * (1 - this.b + (this.b * len) / avg)));
          if (s > (best.get(id) ?? 0)) best.set(id, s);
        }
      }
      for (const [id, s] of best) out.set(id, (out.get(id) ?? 0) + s);
    }
    return out;
  }
}
