import Cypher from '@neo4j/cypher-builder';
import type { PublicationKind } from '../__generated__/resolvers-types';
import { builtQuery } from '../graph/built-query';
import { KIND_LABELS } from '../localisation/catalogue-strings';
import { present } from '../node/enum-values';
import type { CypherQuery, GraphExecutor, Params } from '../graph/executor';
import { COMPANION_PATTERN, publicationLinks, REL } from '../model';
import { displayTitle } from '../publications/display-title';
import { PUBLICATION_RELATIONS, publicationFields, type PublicationRow, relationFromSide, toPublication } from '../publications/publication.cypher';
import {
  AUDIENCE_PROJECTION,
  type AudienceRow,
  ORGANISATION_PROJECTION,
  type OrganisationRow,
  PLACE_PROJECTION,
  type PlaceRow,
  PROGRAMME_PROJECTION,
  type ProgrammeRow,
  TOPIC_PROJECTION,
  type TopicRow,
  toAudience,
  toOrganisation,
  toPlace,
  toProgramme,
  toTopic,
} from '../vocabularies/vocabulary.cypher';
import type { CompiledFilter } from '../publications/publication-filter';
import type { FeatureReasonKind, ReasonKindName, RecommendationReasonRecord, RelatedWeightsValue } from './related.model';
import { CAP_CEILING, CAP_FLOOR, CAP_SHARE, COMPLEMENTARY_KIND_PAIRS, DEFAULT_WEIGHTS, NEIGHBOUR_SHARE, type ScoredCandidate, sortReasons, usesRelatedIndex } from './related.rules';

/**
 * Related publications, scored in one round-trip for a whole batch of seeds (`UNWIND $ids`).
 *
 * For each seed s:
 *  1. its features: the Series, Topics, Audiences, Places, Programmes and Organisations it links to, each with
 *     its specificity idf = ln(N / df) (N publications in the graph, df = the node's stored `publicationCount`);
 *  2. candidates: publications linked to s by an explicit relation (either direction), its stored text
 *     neighbours, plus the publications of
 *     each feature whose df is at most the fan-out cap = min($capCeiling, max($capFloor, $capShare × N)). A feature above the cap
 *     (IOM as publisher, "counter-trafficking" on a big catalogue) is never enumerated, so the work per seed is
 *     bounded by (number of features × cap) whatever the catalogue size; it still scores candidates found
 *     through other links, checked from the candidate's side (expand-into, bounded by the candidate's degree);
 *  3. reasons per candidate: each explicit relation ($weights.relation), each shared feature (weight × idf; a
 *     topic that is the primary topic of both × (1 + $weights.primaryTopic)), each topic of the candidate one
 *     BROADER step from a topic of the seed that the other does not have (weight.topic × $neighbourShare × idf),
 *     TEXT when the candidate is one of the seed's stored text neighbours ($weights.text × the stored cosine,
 *     its shared terms as evidence; text-neighbours.cypher.ts), and, when the sum so far is above zero and the
 *     two kinds complement each other ($complementaryKinds, related.rules.ts), COMPLEMENTARY_KIND
 *     ($weights.complementaryKind). Zero contributions are dropped; score = the sum;
 *  4. the seed's own editions (EDITION_OF, either direction, up to 2 hops) and the seed are excluded, the
 *     caller's filter (compiled over `c`) is applied, and the best $limit by (score desc, sortTitle, id) are
 *     returned with what edition collapsing needs (work key, languages, whether it is an original).
 */

/** Stored publication-to-publication relations (allowlist; the API reads them from either side). */
export const RELATION_TYPES = COMPANION_PATTERN;

/** How a publication links to each vocabulary a reason may rest on (allowlist, never from user input). */
export const FEATURE_LINKS: { kind: FeatureReasonKind; types: string; label: string; projection: string }[] = [
  { kind: 'SERIES', types: REL.IN_SERIES, label: 'Series', projection: '{ .id, .title }' },
  { kind: 'TOPIC', types: publicationLinks('topics').pattern, label: 'Topic', projection: TOPIC_PROJECTION },
  { kind: 'AUDIENCE', types: publicationLinks('audiences').pattern, label: 'Audience', projection: AUDIENCE_PROJECTION },
  { kind: 'PLACE', types: publicationLinks('places').pattern, label: 'Place', projection: PLACE_PROJECTION },
  { kind: 'PROGRAMME', types: publicationLinks('programmes').pattern, label: 'Programme', projection: PROGRAMME_PROJECTION },
  { kind: 'ORGANISATION', types: publicationLinks('organisations').pattern, label: 'Organisation', projection: ORGANISATION_PROJECTION },
];

const FEATURES_OF_SEED = FEATURE_LINKS.map(
  (l) =>
    `MATCH (s)-[:${l.types}]->(n:${l.label})
     WITH DISTINCT n
     RETURN { kind: '${l.kind}', types: ${JSON.stringify(l.types.split('|'))}, v: n, node: n ${l.projection}, df: coalesce(n.publicationCount, 0),
              primary: ${l.kind === 'TOPIC' ? `EXISTS { (s)-[:${REL.ABOUT} {primary: true}]->(n) }` : 'false'} } AS f`,
).join('\n     UNION ALL\n     ');

/** A reason as the query returns it; `node` is the projection of the shared vocabulary node (or null). */
export interface ReasonRow {
  kind: ReasonKindName;
  type: string | null;
  outgoing: boolean | null;
  evidence: string | null;
  node: (TopicRow & AudienceRow & PlaceRow & ProgrammeRow & OrganisationRow & { title?: string }) | null;
  contribution: number;
  neighbour: { via: string; narrower: boolean } | null;
}

export interface CandidateRow {
  publication: PublicationRow;
  score: number;
  reasons: ReasonRow[];
  /** The smallest id among the candidate and its editions (EDITION_OF, up to 2 hops): one key per work. */
  work: string;
  /** True unless the candidate is itself an edition of another publication. */
  original: boolean;
  languageItems: Parameters<(typeof PUBLICATION_RELATIONS)['languages']['map']>[1];
}

export interface RelatedRow {
  key: string;
  /** The work key of the seed itself, so multi-seed callers can exclude editions of every seed. */
  seedWork: string | null;
  items: CandidateRow[] | null;
}

/**
 * Where candidates come from: 'enumerate' walks the seed's relations and features (live scoring, any weights and
 * filter); 'index' takes the ids stored in `s.relatedIds` by the related index (related-index.ts: the best
 * candidates under the default weights and no filter) and enumerates only for a seed the index has not covered
 * yet (a new or just-edited publication). Either way the candidates are scored below by the same Cypher.
 */
export type CandidateSource = 'enumerate' | 'index';

const INDEXED_CANDIDATES = `UNWIND coalesce(s.relatedIds, []) AS candidateId
         MATCH (c:Publication {id: candidateId})
         RETURN c
         UNION`;

const WORK_OF = (v: string) =>
  `reduce(m = ${v}.id, x IN COLLECT { MATCH (${v})-[:${REL.EDITION_OF}*1..2]-(e:Publication) RETURN DISTINCT e.id } | CASE WHEN x < m THEN x ELSE m END)`;

/**
 * The scoring query, with the caller's filter (compiled over the candidate `c` by compilePublicationFilter; none is
 * `true`) built into it: the statement and the filter's parameters, which relatedParams adds to its own.
 *
 * The scoring itself is a fixed template of model constants, not composed: a `Cypher.Raw` around it lets the
 * builder compile the filter's predicate (naming its variables and parameters) into its one open place.
 */
export function relatedPublicationsQuery(filter: CompiledFilter | null, candidates: CandidateSource = 'enumerate'): { query: CypherQuery<RelatedRow>; filterParams: Params } {
  const predicate = filter?.predicate ?? Cypher.true;
  const { query, params } = builtQuery<RelatedRow>(
    candidates === 'index' ? 'relatedPublications (indexed)' : 'relatedPublications',
    new Cypher.Raw((context) => scoringStatement(context.compile(predicate), candidates)),
  );
  return { query, filterParams: params };
}

function scoringStatement(filterPredicate: string, candidates: CandidateSource): string {
  return `CALL () { MATCH (p:Publication) RETURN count(p) AS total }
     WITH total, CASE WHEN $capShare * total > $capFloor THEN toInteger(ceil($capShare * total)) ELSE $capFloor END AS shareCap
     WITH total, CASE WHEN shareCap > $capCeiling THEN $capCeiling ELSE shareCap END AS cap
     UNWIND $ids AS key
     OPTIONAL MATCH (s:Publication {id: key})
     OPTIONAL CALL (s, total, cap) {
       WITH s, total, cap,
            [f IN COLLECT {
     ${FEATURES_OF_SEED}
            } | f { .*, idf: CASE WHEN f.df > 0 AND f.df < total THEN log(toFloat(total) / f.df) ELSE 0.0 END }] AS features,
            COLLECT { MATCH (s)-[:${REL.EDITION_OF}*1..2]-(e:Publication) RETURN DISTINCT e } AS seedEditions
       // Topics one BROADER step from a topic of the seed that the seed is not about, computed once per seed
       // (not per candidate), ordered so the first entry for a topic names the alphabetically first seed topic.
       WITH s, total, cap, features, seedEditions, COLLECT {
         UNWIND [f IN features WHERE f.kind = 'TOPIC'] AS f
         WITH f, f.v AS t
         MATCH (t)-[b:${REL.BROADER}]-(n:Topic)
         WHERE NOT EXISTS { (s)-[:${REL.ABOUT}]->(n) }
         RETURN { n: n, t: t, via: f.node.labelEn, narrower: startNode(b) = n } AS e
         ORDER BY e.via, e.narrower
       } AS neighbours
       CALL (s, features, cap) {
         ${candidates === 'index' ? INDEXED_CANDIDATES : ''}
         MATCH (s)-[:${RELATION_TYPES}]-(c:Publication)
         WHERE ${candidates === 'index' ? 's.relatedIds IS NULL' : 'true'}
         RETURN c
         UNION
         UNWIND coalesce(s.textNeighbourIds, []) AS textNeighbourId
         MATCH (c:Publication {id: textNeighbourId})
         WHERE ${candidates === 'index' ? 's.relatedIds IS NULL' : 'true'}
         RETURN c
         UNION
         UNWIND features AS f
         WITH f WHERE f.df <= cap ${candidates === 'index' ? 'AND s.relatedIds IS NULL' : ''}
         WITH f, f.v AS v
         MATCH (v)<-[r]-(c:Publication)
         WHERE type(r) IN f.types
         RETURN c
       }
       WITH s, total, features, neighbours, seedEditions, c
       WHERE c <> s AND NOT c IN seedEditions AND (${filterPredicate})
       // The candidate's outgoing links are read once; every reason below is checked against them in memory.
       WITH s, c, total, features, neighbours, [(c)-[r]->(x) | { type: type(r), node: x, primary: coalesce(r.primary, false) }] AS links
       WITH s, c, [reason IN
                  [(s)-[r:${RELATION_TYPES}]-(c) |
                    { kind: 'RELATION', type: type(r), outgoing: startNode(r) = s, evidence: r.evidence, node: null,
                      contribution: toFloat($weights.relation), neighbour: null }]
                + [f IN features WHERE any(l IN links WHERE l.node = f.v AND l.type IN f.types) |
                    { kind: f.kind, type: null, outgoing: null, evidence: null, node: f.node,
                      contribution: $weights[toLower(f.kind)] * f.idf *
                        CASE WHEN f.primary AND any(l IN links WHERE l.node = f.v AND l.primary) THEN 1 + $weights.primaryTopic ELSE 1 END,
                      neighbour: null }]
                + [(c)-[:${REL.ABOUT}]->(n:Topic) WHERE any(e IN neighbours WHERE e.n = n AND NOT any(l IN links WHERE l.type = '${REL.ABOUT}' AND l.node = e.t)) |
                    { kind: 'TOPIC', type: null, outgoing: null, evidence: null, node: n ${TOPIC_PROJECTION},
                      contribution: $weights.topic * $neighbourShare *
                        CASE WHEN n.publicationCount > 0 AND n.publicationCount < total THEN log(toFloat(total) / n.publicationCount) ELSE 0.0 END,
                      neighbour: head([e IN neighbours WHERE e.n = n AND NOT any(l IN links WHERE l.type = '${REL.ABOUT}' AND l.node = e.t) |
                                   { via: e.via, narrower: e.narrower }]) }]
                + [i IN range(0, size(coalesce(s.textNeighbourIds, [])) - 1) WHERE s.textNeighbourIds[i] = c.id |
                    { kind: 'TEXT', type: null, outgoing: null, evidence: s.textTerms[i], node: null,
                      contribution: $weights.text * s.textSimilarities[i], neighbour: null }]
                WHERE reason.contribution > 0] AS reasons
       // The complementary-kind bonus only adds to a candidate that already has a reason.
       WITH s, c, reasons, reduce(acc = 0.0, r IN reasons | acc + r.contribution) AS base
       WITH c, reasons + [x IN CASE WHEN base > 0 AND [s.kind, c.kind] IN $complementaryKinds
                                 THEN [{ kind: 'COMPLEMENTARY_KIND', type: s.kind, outgoing: null, evidence: null, node: null,
                                         contribution: toFloat($weights.complementaryKind), neighbour: null }]
                                 ELSE [] END WHERE x.contribution > 0] AS reasons
       WITH c, reasons, reduce(acc = 0.0, r IN reasons | acc + r.contribution) AS score
       WHERE score > 0
       RETURN c, score, reasons
       ORDER BY score DESC, c.sortTitle, c.id
       LIMIT $limit
     }
     WITH key, s, c, score, reasons
     RETURN key,
            CASE WHEN s IS NULL THEN null ELSE ${WORK_OF('s')} END AS seedWork,
            collect(CASE WHEN c IS NULL THEN null ELSE {
              publication: c { ${publicationFields('c')} },
              score: score,
              reasons: reasons,
              work: ${WORK_OF('c')},
              // What Publication.languages answers for the candidate (the same expression as its loader), so the
              // widget's nested languages cost no further round-trip; edition collapsing reads its codes.
              languageItems: COLLECT { UNWIND [c] AS p UNWIND ${PUBLICATION_RELATIONS.languages.items} AS item RETURN item },
              original: NOT EXISTS { (c)-[:${REL.EDITION_OF}]->(:Publication) }
            } END) AS items`;
}

/** Maps one candidate row; `seed` tags RELATION reasons so the same relation from two seeds stays two reasons. */
export function toCandidate(row: CandidateRow, seed: string): ScoredCandidate {
  const publication = toPublication(row.publication);
  const reasons = row.reasons.map((r): RecommendationReasonRecord => {
    if (r.kind === 'RELATION') {
      const relation = relationFromSide(r.type ?? '', r.outgoing ?? true);
      if (!relation) throw new Error(`Unknown publication relation type ${String(r.type)}`);
      return { key: `RELATION:${relation}:${seed}`, kind: 'RELATION', label: displayTitle(publication), contribution: r.contribution, relation, node: publication, evidence: r.evidence, seed };
    }
    if (r.kind === 'TEXT') {
      const terms = r.evidence ?? '';
      return { key: 'TEXT', kind: 'TEXT', label: terms.split('; ').join(', '), contribution: r.contribution, relation: null, node: null, evidence: terms, seed: null };
    }
    if (r.kind === 'COMPLEMENTARY_KIND') {
      return {
        key: 'COMPLEMENTARY_KIND',
        kind: 'COMPLEMENTARY_KIND',
        label: KIND_LABELS.EN[present<PublicationKind>(publication.kind)],
        contribution: r.contribution,
        relation: null,
        node: null,
        evidence: `${KIND_LABELS.EN[present<PublicationKind>(r.type ?? '')]} and ${KIND_LABELS.EN[present<PublicationKind>(publication.kind)]}`,
        seed: null,
        publicationKind: publication.kind,
      };
    }
    const node = r.node!;
    const base = { key: `${r.kind}:${node.id}`, kind: r.kind, contribution: r.contribution, relation: null, evidence: null, seed: null };
    const neighbourEvidence = r.neighbour ? `${r.neighbour.narrower ? 'narrower' : 'broader'} than ${r.neighbour.via}` : null;
    switch (r.kind) {
      case 'SERIES':
        return { ...base, label: node.title ?? node.id, node: null };
      case 'TOPIC':
        return { ...base, key: r.neighbour ? `TOPIC~:${node.id}` : base.key, label: node.labelEn, node: toTopic(node), evidence: neighbourEvidence };
      case 'AUDIENCE':
        return { ...base, label: node.labelEn, node: toAudience(node) };
      case 'PLACE':
        return { ...base, label: node.name, node: toPlace(node) };
      case 'PROGRAMME':
        return { ...base, label: node.name, node: toProgramme(node) };
      case 'ORGANISATION':
        return { ...base, label: node.name, node: toOrganisation(node) };
    }
  });
  return {
    publication,
    score: row.score,
    reasons: sortReasons(reasons),
    work: row.work,
    languages: row.languageItems.map((l) => l.code),
    original: row.original,
    languageEditions: PUBLICATION_RELATIONS.languages.map(publication.id, row.languageItems),
  };
}

export interface RelatedQueryParams {
  weights: RelatedWeightsValue;
  limit: number;
  filterParams: Record<string, unknown>;
}

export function relatedParams(ids: readonly string[], p: RelatedQueryParams): Record<string, unknown> {
  return {
    ...p.filterParams,
    ids: [...ids],
    weights: p.weights,
    limit: p.limit,
    capFloor: CAP_FLOOR,
    capShare: CAP_SHARE,
    capCeiling: CAP_CEILING,
    neighbourShare: NEIGHBOUR_SHARE,
    complementaryKinds: COMPLEMENTARY_KIND_PAIRS,
  };
}

/** Runs the scoring query for seeds that share the same arguments: one round-trip for all of them, by seed id. */
export async function scoreSeeds(
  read: GraphExecutor['read'],
  ids: readonly string[],
  args: { weights: RelatedWeightsValue; filter: CompiledFilter },
  limit: number,
): Promise<Map<string, RelatedRow>> {
  const source = usesRelatedIndex(args, limit) ? 'index' : 'enumerate';
  const { query, filterParams } = relatedPublicationsQuery(args.filter, source);
  const rows = await read(query, relatedParams(ids, { weights: args.weights, limit, filterParams }));
  return new Map(rows.map((row) => [row.key, row]));
}

/** Plans both candidate sources of the scoring query (no seed, so nothing is scored): Neo4j caches the plans. */
export async function warmRelatedPlans(executor: GraphExecutor): Promise<void> {
  const params = relatedParams([], { weights: DEFAULT_WEIGHTS, limit: 1, filterParams: {} });
  await Promise.all([executor.read(relatedPublicationsQuery(null, 'index').query, params), executor.read(relatedPublicationsQuery(null).query, params)]);
}
