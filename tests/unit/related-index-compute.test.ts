import { computeRelatedIndex, fanOutCap, type FeatureKind, type RelatedSnapshot, type SnapshotPublication } from '../../src/recommendations/related-index';
import { complementaryKinds, DEFAULT_WEIGHTS } from '../../src/recommendations/related.rules';

/**
 * The related index computed in memory from a snapshot, checked against a hand computation on a five-publication
 * catalogue: topic t1 on alpha, beta and epsilon, topic t2 on alpha, gamma and delta (so both have idf ln(5/3)),
 * alpha COMPLEMENTS delta, epsilon an edition of alpha.
 */

const none = (): Record<FeatureKind, string[]> => ({ SERIES: [], TOPIC: [], AUDIENCE: [], PLACE: [], PROGRAMME: [], ORGANISATION: [] });
const pub = (id: string, topics: string[], more: Partial<SnapshotPublication> = {}): SnapshotPublication => ({
  id,
  sortTitle: id,
  features: { ...none(), TOPIC: topics },
  relatesTo: [],
  editionOf: [],
  kind: 'other',
  primaryTopic: null,
  textNeighbourIds: [],
  textSimilarities: [],
  ...more,
});

const snapshot: RelatedSnapshot = {
  publications: [
    pub('alpha', ['t1', 't2'], { relatesTo: ['delta'] }),
    pub('beta', ['t1']),
    pub('gamma', ['t2']),
    pub('delta', ['t2']),
    pub('epsilon', ['t1'], { editionOf: ['alpha'] }),
  ],
  degrees: {
    SERIES: new Map(),
    TOPIC: new Map([
      ['t1', 3],
      ['t2', 3],
    ]),
    AUDIENCE: new Map(),
    PLACE: new Map(),
    PROGRAMME: new Map(),
    ORGANISATION: new Map(),
  },
  broader: [],
};
const rules = { weights: DEFAULT_WEIGHTS, capFloor: 50, capShare: 0.02, capCeiling: 300, neighbourShare: 0.3, size: 10, complementaryKinds };

describe('computeRelatedIndex', () => {
  const index = computeRelatedIndex(snapshot, rules);

  it('ranks a related companion (6 + ln(5/3)) above publications sharing one topic (ln(5/3)), ties by sortTitle', () => {
    expect(index.get('alpha')).toEqual(['delta', 'beta', 'gamma']);
  });

  it("never lists a seed's own editions, but lists another seed's", () => {
    // epsilon is an edition of alpha: not in alpha's list (above), not alpha in epsilon's, yet in beta's.
    expect(index.get('epsilon')).toEqual(['beta']);
    expect(index.get('beta')).toEqual(['alpha', 'epsilon']);
  });

  it('reads a companion relation from either side', () => {
    expect(index.get('delta')).toEqual(['alpha', 'gamma']);
  });

  it('keeps at most `size` candidates per publication', () => {
    expect(computeRelatedIndex(snapshot, { ...rules, size: 1 }).get('alpha')).toEqual(['delta']);
  });
});

describe('computeRelatedIndex with wording, primary topics and kinds', () => {
  // beta and gamma each share t1 (idf ln(5/3)) with alpha; only gamma has it as its primary topic, as alpha does.
  const base = (more: Partial<SnapshotPublication>[]): RelatedSnapshot => ({
    ...snapshot,
    publications: [
      pub('alpha', ['t1'], { primaryTopic: 't1', kind: 'handbook', ...more[0] }),
      pub('beta', ['t1'], more[1]),
      pub('gamma', ['t1'], { primaryTopic: 't1', ...more[2] }),
      pub('delta', ['t2'], more[3]),
      pub('epsilon', ['t2'], more[4]),
    ],
  });

  it('counts a topic that is the primary topic of both (1 + primaryTopic) times: gamma before beta', () => {
    expect(computeRelatedIndex(base([]), rules).get('alpha')).toEqual(['gamma', 'beta']);
  });

  it("makes a stored text neighbour a candidate, scored text weight × cosine, even with nothing else shared", () => {
    const index = computeRelatedIndex(base([{ textNeighbourIds: ['delta'], textSimilarities: [0.5] }]), rules);
    // delta: 8 × 0.5 = 4, above gamma's ln(5/3) × 1.5 ≈ 0.77.
    expect(index.get('alpha')).toEqual(['delta', 'gamma', 'beta']);
    // Read from the seed's own list only: delta's list is empty, so alpha is not delta's candidate.
    expect(index.get('delta')).toEqual(['epsilon']);
  });

  it('adds the complementary-kind bonus to a candidate with another reason, never alone', () => {
    const index = computeRelatedIndex(base([{}, { kind: 'guide' }, {}, { kind: 'guide' }]), rules);
    // beta (a guide, ln(5/3) + 0.5 ≈ 1.01) passes gamma (≈ 0.77); delta, a guide sharing nothing, is not listed.
    expect(index.get('alpha')).toEqual(['beta', 'gamma']);
  });
});

describe('fanOutCap', () => {
  it('is the floor on a small catalogue, the share above it, and never past the ceiling', () => {
    const caps = { capFloor: 50, capShare: 0.02, capCeiling: 300 };
    expect(fanOutCap(1_000, caps)).toBe(50);
    expect(fanOutCap(5_001, caps)).toBe(101);
    expect(fanOutCap(100_000, caps)).toBe(300);
  });
});
