import type { PublicationRecord } from '../../src/publications/publication.model';
import type { RecommendationReasonRecord } from '../../src/recommendations/related.model';
import { compilePublicationFilter } from '../../src/publications/publication-filter';
import { collapseEditions, mergeRecommendations, relatedList, type ScoredCandidate, usesRelatedIndex, DEFAULT_WEIGHTS, RELATED_INDEX_SERVED } from '../../src/recommendations/related.rules';

/** The ranking rules applied to the scoring query's rows: edition collapsing, the recommend merge, the index's use. */

const publication = (id: string, sortTitle = id): PublicationRecord => ({
  __typename: 'Publication',
  id,
  title: sortTitle,
  sortTitle,
  alternativeTitles: [],
  kind: 'REPORT',
  year: null,
  pages: null,
  isbn: null,
  eisbn: null,
  summary: null,
  summaryTruncated: false,
  authors: [],
  incomplete: false,
  missing: [],
  links: [],
  conflicts: [],
});

const reason = (key: string, contribution: number): RecommendationReasonRecord => ({ key, kind: 'TOPIC', label: key, contribution, relation: null, node: null, evidence: null, seed: null });

function candidate(id: string, score: number, options: { work?: string; languages?: string[]; original?: boolean; reasons?: RecommendationReasonRecord[]; sortTitle?: string } = {}): ScoredCandidate {
  return {
    publication: publication(id, options.sortTitle),
    score,
    reasons: options.reasons ?? [reason(`TOPIC:${id}`, score)],
    work: options.work ?? id,
    languages: options.languages ?? ['en'],
    original: options.original ?? true,
  };
}

const ids = (list: { publication: { id: string } }[]) => list.map((c) => c.publication.id);

describe('collapseEditions', () => {
  it('keeps one candidate per work, the best-scored, in list order (score, then sortTitle, then id)', () => {
    const list = [candidate('a', 1, { work: 'w1' }), candidate('b', 3, { work: 'w1' }), candidate('c', 2, { sortTitle: 'z' }), candidate('d', 2, { sortTitle: 'm' })];
    expect(ids(collapseEditions(list))).toEqual(['b', 'd', 'c']);
  });

  it('prefers the edition in the preferred language over a better-scored one', () => {
    const list = [candidate('english', 5, { work: 'w', languages: ['en'] }), candidate('spanish', 1, { work: 'w', languages: ['es'] })];
    expect(ids(collapseEditions(list, 'es'))).toEqual(['spanish']);
    expect(ids(collapseEditions(list, 'fr'))).toEqual(['english']);
    expect(ids(collapseEditions(list))).toEqual(['english']);
  });

  it('on equal scores keeps the original, then the one that sorts first (sortTitle, id)', () => {
    expect(ids(collapseEditions([candidate('translation', 2, { work: 'w', original: false }), candidate('original', 2, { work: 'w', original: true })]))).toEqual(['original']);
    expect(ids(collapseEditions([candidate('b', 2, { work: 'w' }), candidate('a', 2, { work: 'w' })]))).toEqual(['a']);
  });

  it('relatedList cuts to first after collapsing, and drops what collapsing needed', () => {
    const list = [candidate('a', 4, { work: 'w' }), candidate('a2', 3, { work: 'w' }), candidate('b', 2), candidate('c', 1)];
    const cut = relatedList(list, 2, null);
    expect(ids(cut)).toEqual(['a', 'b']);
    expect(Object.keys(cut[0]!).sort()).toEqual(['languageEditions', 'publication', 'reasons', 'score']);
  });
});

describe('mergeRecommendations', () => {
  it("sums a candidate's reasons over the seeds it shares things with, and ranks by the sum", () => {
    const merged = mergeRecommendations(
      [
        { seed: 's1', sign: 1, work: 's1', candidates: [candidate('x', 1, { reasons: [reason('TOPIC:t', 1)] }), candidate('y', 1.5, { reasons: [reason('PLACE:p', 1.5)] })] },
        { seed: 's2', sign: 1, work: 's2', candidates: [candidate('x', 1, { reasons: [reason('TOPIC:t', 1)] })] },
      ],
      10,
      null,
    );
    expect(merged.map((m) => [m.publication.id, m.score])).toEqual([
      ['x', 2],
      ['y', 1.5],
    ]);
    expect(merged[0]!.reasons).toEqual([reason('TOPIC:t', 2)]);
  });

  it('counts a negative seed against what it shares, drops reasons that cancel and candidates left at or below zero', () => {
    const merged = mergeRecommendations(
      [
        { seed: 'liked', sign: 1, work: 'liked', candidates: [candidate('x', 3, { reasons: [reason('TOPIC:t', 1), reason('PLACE:p', 2)] }), candidate('y', 1, { reasons: [reason('TOPIC:t', 1)] })] },
        { seed: 'disliked', sign: -1, work: 'disliked', candidates: [candidate('x', 1, { reasons: [reason('TOPIC:t', 1)] }), candidate('y', 2, { reasons: [reason('TOPIC:t', 2)] })] },
      ],
      10,
      null,
    );
    expect(merged.map((m) => [m.publication.id, m.score])).toEqual([['x', 2]]);
    expect(merged[0]!.reasons).toEqual([reason('PLACE:p', 2)]);
  });

  it('never recommends a seed or an edition of one, and collapses editions of a candidate', () => {
    const merged = mergeRecommendations(
      [
        { seed: 'a', sign: 1, work: 'work-a', candidates: [candidate('b', 2), candidate('a-translation', 5, { work: 'work-a' }), candidate('c', 1, { work: 'work-c' })] },
        { seed: 'b', sign: 1, work: 'b', candidates: [candidate('c2', 0.5, { work: 'work-c' })] },
      ],
      10,
      null,
    );
    expect(ids(merged)).toEqual(['c']);
  });

  it('cuts to first', () => {
    const candidates = [candidate('a', 3), candidate('b', 2), candidate('c', 1)];
    expect(ids(mergeRecommendations([{ seed: 's', sign: 1, work: 's', candidates }], 2, null))).toEqual(['a', 'b']);
  });
});

describe('usesRelatedIndex', () => {
  const unfiltered = compilePublicationFilter(null, 'c', 'rf');
  it('serves default weights, no filter and a list within the index from the index, anything else live', () => {
    expect(usesRelatedIndex({ weights: DEFAULT_WEIGHTS, filter: unfiltered }, RELATED_INDEX_SERVED)).toBe(true);
    expect(usesRelatedIndex({ weights: DEFAULT_WEIGHTS, filter: unfiltered }, RELATED_INDEX_SERVED + 1)).toBe(false);
    expect(usesRelatedIndex({ weights: { ...DEFAULT_WEIGHTS, place: 0.7 }, filter: unfiltered }, 5)).toBe(false);
    expect(usesRelatedIndex({ weights: DEFAULT_WEIGHTS, filter: compilePublicationFilter({ yearFrom: 2000 }, 'c', 'rf') }, 5)).toBe(false);
  });
});
