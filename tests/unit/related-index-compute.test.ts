import { computeRelatedIndex, fanOutCap, type FeatureKind, type RelatedSnapshot, type SnapshotPublication } from '../../src/recommendations/related-index';
import { DEFAULT_WEIGHTS } from '../../src/recommendations/related.rules';

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
const rules = { weights: DEFAULT_WEIGHTS, capFloor: 50, capShare: 0.02, capCeiling: 300, neighbourShare: 0.3, size: 10 };

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

describe('fanOutCap', () => {
  it('is the floor on a small catalogue, the share above it, and never past the ceiling', () => {
    const caps = { capFloor: 50, capShare: 0.02, capCeiling: 300 };
    expect(fanOutCap(1_000, caps)).toBe(50);
    expect(fanOutCap(5_001, caps)).toBe(101);
    expect(fanOutCap(100_000, caps)).toBe(300);
  });
});
