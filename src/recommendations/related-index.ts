import type { FeatureReasonKind, RelatedWeightsValue } from './related.model';

/**
 * The related index: for every publication, the ids of its best candidates under the default weights and no
 * filter, computed in memory from one snapshot of the graph by the rules of relatedPublicationsQuery
 * (related.cypher.ts, whose comment is the specification): fan-out cap, explicit relations, shared features
 * weighted by idf = ln(N / df) (a shared primary topic of both × (1 + primaryTopic)), neighbouring topics at
 * NEIGHBOUR_SHARE, the stored text neighbours (TEXT), the complementary-kind bonus, editions of the seed
 * excluded, order by score desc, sortTitle, id.
 *
 * Why: scoring live enumerates up to (features x cap) candidates per request and costs ~0.1 s of Neo4j CPU at
 * 100k publications (bench/RESULTS.md), which no widget can afford on every page view. The index only chooses
 * the candidates; the widget query still scores those few live (reasons, scores, current titles), so what a
 * reader sees is computed by one piece of Cypher and the index cannot show a stale reason. A test compares the
 * indexed lists with live scoring for every publication of the catalogue.
 *
 * Scores are summed over the seed's features in one fixed order, so candidates with the same shared features get
 * bit-identical scores and ties fall to sortTitle and id here exactly as in Cypher.
 */

export type FeatureKind = FeatureReasonKind;
export const FEATURE_KINDS: readonly FeatureKind[] = ['SERIES', 'TOPIC', 'AUDIENCE', 'PLACE', 'PROGRAMME', 'ORGANISATION'];

export interface SnapshotPublication {
  id: string;
  sortTitle: string;
  /** Vocabulary node ids this publication links to, per kind (distinct). */
  features: Record<FeatureKind, string[]>;
  /** Ids of the publications this one points at with a companion relation (one entry per relationship). */
  relatesTo: string[];
  /** Ids of the publications this one is an EDITION_OF. */
  editionOf: string[];
  /** The kind as stored (`guide`, `handbook` ...). */
  kind: string;
  /** The topic its ABOUT marks primary, if any. */
  primaryTopic: string | null;
  /** Its stored text neighbours and their cosines (text-neighbours.cypher.ts), in parallel. */
  textNeighbourIds: string[];
  textSimilarities: number[];
}

export interface RelatedSnapshot {
  publications: SnapshotPublication[];
  /** The stored publicationCount of every vocabulary node, per kind. */
  degrees: Record<FeatureKind, Map<string, number>>;
  /** Topic BROADER pairs [narrower, broader]. */
  broader: [string, string][];
}

export interface RelatedIndexRules {
  weights: RelatedWeightsValue;
  capFloor: number;
  capShare: number;
  capCeiling: number;
  neighbourShare: number;
  /** Candidates kept per publication. */
  size: number;
  /** Whether two stored kinds complement each other (related.rules.ts). */
  complementaryKinds: (a: string, b: string) => boolean;
}

/** The fan-out cap, as the Cypher computes it. */
export function fanOutCap(total: number, rules: Pick<RelatedIndexRules, 'capFloor' | 'capShare' | 'capCeiling'>): number {
  const shareCap = rules.capShare * total > rules.capFloor ? Math.ceil(rules.capShare * total) : rules.capFloor;
  return Math.min(shareCap, rules.capCeiling);
}

const idfOf = (df: number, total: number) => (df > 0 && df < total ? Math.log(total / df) : 0);
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Compressed sparse rows: row i is values[offsets[i] .. offsets[i+1]). */
function toRows(lists: number[][]): { offsets: Int32Array; values: Int32Array } {
  const offsets = new Int32Array(lists.length + 1);
  for (let i = 0; i < lists.length; i++) offsets[i + 1] = offsets[i]! + lists[i]!.length;
  const values = new Int32Array(offsets[lists.length]!);
  for (let i = 0; i < lists.length; i++) values.set(lists[i]!, offsets[i]!);
  return { offsets, values };
}

/** Computes every publication's candidate ids, best first. Pure: the snapshot in, a map out. */
export function computeRelatedIndex(snapshot: RelatedSnapshot, rules: RelatedIndexRules): Map<string, string[]> {
  const pubs = snapshot.publications;
  const total = pubs.length;
  const cap = fanOutCap(total, rules);
  const pubIndex = new Map(pubs.map((p, i) => [p.id, i]));

  // Features: one index per (kind, node) that some publication links to.
  const featureIndex = new Map<string, number>();
  const featureWeight: number[] = [];
  const featureDf: number[] = [];
  const featureKind: FeatureKind[] = [];
  const featureNode: string[] = [];
  const featureOf = (kind: FeatureKind, node: string): number => {
    const key = `${kind}\u0000${node}`;
    let f = featureIndex.get(key);
    if (f === undefined) {
      f = featureWeight.length;
      featureIndex.set(key, f);
      const df = snapshot.degrees[kind].get(node) ?? 0;
      featureDf.push(df);
      featureKind.push(kind);
      featureNode.push(node);
      featureWeight.push(rules.weights[kind.toLowerCase() as keyof RelatedWeightsValue] * idfOf(df, total));
    }
    return f;
  };
  const pubFeatureLists = pubs.map((p) => FEATURE_KINDS.flatMap((kind) => [...new Set(p.features[kind])].map((node) => featureOf(kind, node))));
  const pubFeatures = toRows(pubFeatureLists);
  const primaryOf = pubs.map((p) => (p.primaryTopic === null ? -1 : (featureIndex.get(`TOPIC\u0000${p.primaryTopic}`) ?? -1)));
  const postingLists: number[][] = featureWeight.map(() => []);
  pubFeatureLists.forEach((fs, i) => fs.forEach((f) => postingLists[f]!.push(i)));
  const postings = toRows(postingLists);

  // Neighbouring topics (BROADER, either direction), as feature indices; a topic no publication is about has none.
  const topicNeighbours = new Map<number, number[]>();
  const addNeighbour = (a: string, b: string) => {
    const fa = featureIndex.get(`TOPIC\u0000${a}`);
    const fb = featureIndex.get(`TOPIC\u0000${b}`);
    if (fa === undefined || fb === undefined) return;
    const list = topicNeighbours.get(fa);
    if (list) list.push(fb);
    else topicNeighbours.set(fa, [fb]);
  };
  for (const [narrower, broader] of snapshot.broader) {
    addNeighbour(narrower, broader);
    addNeighbour(broader, narrower);
  }
  // A neighbour's contribution uses its own degree even when no seed has it as a feature.
  const neighbourWeight = (f: number) => rules.weights.topic * rules.neighbourShare * idfOf(featureDf[f]!, total);

  // Companion relations (either direction, one entry per relationship) and editions (either direction).
  const relationLists: number[][] = pubs.map(() => []);
  const editionLists: number[][] = pubs.map(() => []);
  pubs.forEach((p, i) => {
    for (const other of p.relatesTo) {
      const j = pubIndex.get(other);
      if (j === undefined) continue;
      relationLists[i]!.push(j);
      relationLists[j]!.push(i);
    }
    for (const other of p.editionOf) {
      const j = pubIndex.get(other);
      if (j === undefined) continue;
      editionLists[i]!.push(j);
      editionLists[j]!.push(i);
    }
  });

  const inSeed = new Uint8Array(featureWeight.length);
  const seen = new Int32Array(total).fill(-1);
  const excluded = new Int32Array(total).fill(-1);
  const result = new Map<string, string[]>();
  const better = (a: { score: number; c: number }, b: { score: number; c: number }) =>
    b.score - a.score || byCodeUnits(pubs[a.c]!.sortTitle, pubs[b.c]!.sortTitle) || byCodeUnits(pubs[a.c]!.id, pubs[b.c]!.id);

  for (let s = 0; s < total; s++) {
    const seedFeatures = pubFeatures.values.subarray(pubFeatures.offsets[s]!, pubFeatures.offsets[s + 1]!);
    for (const f of seedFeatures) inSeed[f] = 1;
    // Neighbour topics of the seed's topics that the seed is not about: neighbour -> the seed topics it touches.
    const neighbourOf = new Map<number, number[]>();
    for (const t of seedFeatures) {
      if (featureKind[t] !== 'TOPIC') continue;
      for (const n of topicNeighbours.get(t) ?? []) {
        if (inSeed[n]) continue;
        const touching = neighbourOf.get(n);
        if (touching) touching.push(t);
        else neighbourOf.set(n, [t]);
      }
    }
    // The seed's editions, up to two hops.
    excluded[s] = s;
    for (const e of editionLists[s]!) {
      excluded[e] = s;
      for (const e2 of editionLists[e]!) excluded[e2] = s;
    }
    const relationCount = new Map<number, number>();
    for (const c of relationLists[s]!) relationCount.set(c, (relationCount.get(c) ?? 0) + 1);

    const candidates: number[] = [];
    const consider = (c: number) => {
      if (seen[c] === s || excluded[c] === s) return;
      seen[c] = s;
      candidates.push(c);
    };
    for (const c of relationLists[s]!) consider(c);
    const textSimilarity = new Map<number, number>();
    pubs[s]!.textNeighbourIds.forEach((id, k) => {
      const c = pubIndex.get(id);
      if (c === undefined) return;
      textSimilarity.set(c, pubs[s]!.textSimilarities[k]!);
      consider(c);
    });
    for (const f of seedFeatures) {
      if (featureDf[f]! > cap) continue;
      for (let k = postings.offsets[f]!; k < postings.offsets[f + 1]!; k++) consider(postings.values[k]!);
    }

    const best: { score: number; c: number }[] = [];
    for (const c of candidates) {
      const cFeatures = pubFeatures.values.subarray(pubFeatures.offsets[c]!, pubFeatures.offsets[c + 1]!);
      let score = 0;
      const relations = relationCount.get(c) ?? 0;
      if (rules.weights.relation > 0) score += relations * rules.weights.relation;
      for (const f of seedFeatures) {
        if (!(featureWeight[f]! > 0) || !cFeatures.includes(f)) continue;
        score += f === primaryOf[s] && f === primaryOf[c] ? featureWeight[f]! * (1 + rules.weights.primaryTopic) : featureWeight[f]!;
      }
      for (const n of cFeatures) {
        const touching = neighbourOf.get(n);
        if (touching && touching.some((t) => !cFeatures.includes(t))) {
          const w = neighbourWeight(n);
          if (w > 0) score += w;
        }
      }
      const similarity = textSimilarity.get(c);
      if (similarity !== undefined && rules.weights.text * similarity > 0) score += rules.weights.text * similarity;
      if (score > 0 && rules.weights.complementaryKind > 0 && rules.complementaryKinds(pubs[s]!.kind, pubs[c]!.kind)) score += rules.weights.complementaryKind;
      if (!(score > 0)) continue;
      const item = { score, c };
      if (best.length === rules.size && better(item, best[best.length - 1]!) >= 0) continue;
      let at = best.length;
      while (at > 0 && better(item, best[at - 1]!) < 0) at--;
      best.splice(at, 0, item);
      if (best.length > rules.size) best.pop();
    }
    result.set(
      pubs[s]!.id,
      best.map((b) => pubs[b.c]!.id),
    );
    for (const f of seedFeatures) inSeed[f] = 0;
  }
  return result;
}
