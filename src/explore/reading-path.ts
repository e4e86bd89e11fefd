import { cypher, type GraphExecutor } from '../graph/executor';
import { COMPANION_PATTERN, FOLLOWS, REL, RELATIONSHIPS, upwards } from '../model';
import { PUBLICATION_FIELDS, publicationFields, type PublicationRow, toPublication } from '../publications/publication.cypher';
import type { CompanionRelationName, PublicationRecord } from '../publications/publication.model';
import { type NodeReference, refuse } from '../node/node-references.cypher';
import type { ReadingStageName, ReadingStepRecord } from './explore.model';

/**
 * A reading path through a topic: one query fetches the topic's publications (narrower topics included) with
 * their kinds, audiences, series and outgoing catalogue relations; the ordering and the sentences that justify
 * each step are built here from those facts.
 */

interface RelationRow {
  type: string;
  evidence: string | null;
  source: string | null;
  target: PublicationRow;
}
type CandidateRow = PublicationRow & {
  forAudience: boolean;
  primary: boolean;
  audiences: string[];
  series: { title: string; position: number | null }[];
  relations: RelationRow[];
};

export const READING_PATH_CANDIDATES = cypher<{ topicLabel: string; audienceLabel: string | null; audienceFound: boolean; candidates: CandidateRow[] }>(
  'readingPathCandidates',
  `MATCH (t:Topic {id: $topic})
   OPTIONAL MATCH (a:Audience {id: $audience})
   CALL (t, a) {
     MATCH (p:Publication)-[:${REL.ABOUT}]->(:Topic)${upwards('Topic')}(t)
     WITH DISTINCT p
     RETURN collect(p { ${PUBLICATION_FIELDS},
       forAudience: a IS NOT NULL AND EXISTS { (p)-[:${REL.FOR_AUDIENCE}]->(a) },
       primary: EXISTS { (p)-[:${REL.ABOUT} {primary: true}]->(:Topic)${upwards('Topic')}(t) },
       audiences: [(p)-[:${REL.FOR_AUDIENCE}]->(x:Audience) | x.labelEn],
       series: [(p)-[r:${REL.IN_SERIES}]->(s:Series) | { title: s.title, position: r.position }],
       relations: [(p)-[r:${COMPANION_PATTERN}]->(o:Publication) | { type: type(r), evidence: r.evidence, source: r.source, target: o { ${publicationFields('o')} } }]
     }) AS candidates
   }
   RETURN t.labelEn AS topicLabel, a.labelEn AS audienceLabel, a IS NOT NULL AS audienceFound, candidates`,
);

const STAGE_OF_KIND: Record<string, ReadingStageName> = {
  handbook: 'FOUNDATION',
  framework: 'FOUNDATION',
  'guidance-note': 'GUIDANCE',
  guide: 'GUIDANCE',
  'policy-guide': 'GUIDANCE',
  toolkit: 'GUIDANCE',
  manual: 'GUIDANCE',
  'training-guide': 'TRAINING',
  'trainers-manual': 'TRAINING',
  'training-manual': 'TRAINING',
  'training-package': 'TRAINING',
  module: 'TRAINING',
  'e-course': 'E_COURSE',
};
const STAGE_PURPOSE: Partial<Record<ReadingStageName, string>> = {
  GUIDANCE: 'applying the foundation to practice',
  TRAINING: 'to train practitioners in it',
  E_COURSE: 'for self-paced online study',
};

export const kindLabel = (kind: string) => (kind === 'trainers-manual' ? "trainers' manual" : kind.replace(/-/g, ' ').replace(/^e course$/, 'e-course'));
const article = (word: string) => (/^[aeio]/i.test(word) ? 'An' : 'A');
const quote = (text: string, max = 200) => (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);
const titleOf = (p: PublicationRecord) => p.title ?? `[untitled ${kindLabel(p.kind)}]`;
const evidenceOf = (r: RelationRow) => (r.evidence ? ` (${r.source ?? 'catalogue'}: "${quote(r.evidence)}")` : '');
const byYearThenTitle = (a: CandidateRow, b: CandidateRow) => (a.year ?? 9999) - (b.year ?? 9999) || a.sortTitle.localeCompare(b.sortTitle) || a.id.localeCompare(b.id);

interface Draft {
  row: CandidateRow | PublicationRow;
  stage: ReadingStageName;
  /** Built once positions are known. */
  why: (positionOf: (id: string) => number) => string;
  relation: CompanionRelationName | null;
  relatedId: string | null;
}

/** The first relation from `c` to a step placed before it (once every step has its position). */
const earlierLink = (c: CandidateRow, positions: Map<string, number>) =>
  c.relations.find((r) => FOLLOWS.has(r.type) && (positions.get(r.target.id) ?? Infinity) < (positions.get(c.id) ?? 0));

/** The reading path on `topic` (for `audience`); a topic or audience the catalogue lacks is refused (NotFoundError). */
export async function findReadingPath(graph: GraphExecutor, topicReference: NodeReference, audienceReference: NodeReference | null): Promise<ReadingStepRecord[]> {
  const topic = topicReference.slug;
  const audience = audienceReference?.slug ?? null;
  const [row] = await graph.read(READING_PATH_CANDIDATES, { topic, audience });
  if (!row) return refuse([topicReference]);
  if (audienceReference && !row.audienceFound) return refuse([audienceReference]);
  const { topicLabel, audienceLabel } = row;
  const ids = new Set(row.candidates.map((c) => c.id));
  // One work, one step: a language edition of another candidate is left out.
  const works = row.candidates.filter((c) => !c.relations.some((r) => r.type === REL.EDITION_OF && ids.has(r.target.id)));
  const forReader = (c: CandidateRow) => audience === null || c.forAudience;
  const audienceText = (c: CandidateRow) =>
    audienceLabel ? ` for ${audienceLabel}` : c.audiences.length > 0 ? ` for ${[...c.audiences].sort().slice(0, 2).join(', ')}${c.audiences.length > 2 ? ' and others' : ''}` : '';

  const drafts: Draft[] = [];
  const positions = new Map<string, number>();
  const placed = new Set<string>();
  const place = (d: Draft) => {
    drafts.push(d);
    placed.add(d.row.id);
  };

  // 1. The foundation: the topic's handbooks/frameworks (for the audience when there is one for it).
  const foundations = works.filter((c) => STAGE_OF_KIND[c.kind] === 'FOUNDATION');
  const forAudience = foundations.filter(forReader);
  const fallback = audience !== null && forAudience.length === 0;
  const incoming = (c: CandidateRow) => works.filter((w) => w.relations.some((r) => r.target.id === c.id && r.type !== REL.EDITION_OF)).length;
  const foundationOrder = (a: CandidateRow, b: CandidateRow) =>
    Number(a.incomplete) - Number(b.incomplete) || Number(b.primary) - Number(a.primary) || incoming(b) - incoming(a) || byYearThenTitle(a, b);
  for (const c of (fallback ? foundations : forAudience).sort(foundationOrder)) {
    place({
      row: c,
      stage: 'FOUNDATION',
      relation: null,
      relatedId: null,
      why: () =>
        fallback
          ? `${article(kindLabel(c.kind))} ${kindLabel(c.kind)} on ${topicLabel}: the common foundation (no ${kindLabel(c.kind)} on it is written for ${audienceLabel} specifically).`
          : `${article(kindLabel(c.kind))} ${kindLabel(c.kind)} on ${topicLabel}${audienceText(c)}: the foundation the other steps build on.`,
    });
  }

  // 2-4. Guidance, training, e-courses: works that follow an earlier step by a catalogue relation first.
  for (const stage of ['GUIDANCE', 'TRAINING', 'E_COURSE'] as const) {
    const members = works.filter((c) => STAGE_OF_KIND[c.kind] === stage && forReader(c) && !placed.has(c.id));
    const link = (c: CandidateRow) => c.relations.find((r) => FOLLOWS.has(r.type) && placed.has(r.target.id));
    members.sort((a, b) => Number(Boolean(link(b))) - Number(Boolean(link(a))) || byYearThenTitle(a, b));
    for (const c of members) {
      const series = c.series[0];
      const seriesText = series ? ` ${series.position ? `Part ${series.position}` : 'Part'} of "${quote(series.title, 120)}".` : '';
      const kindText = `${article(kindLabel(c.kind))} ${kindLabel(c.kind)} on ${topicLabel}${audienceText(c)}, ${STAGE_PURPOSE[stage]}.`;
      place({
        row: c,
        stage,
        // Resolved once every step (background included) has its position.
        relation: null,
        relatedId: null,
        why: (positionOf) => {
          const r = earlierLink(c, positions);
          return r ? `${FOLLOWS.get(r.type)} step ${positionOf(r.target.id)}, "${titleOf(toPublication(r.target))}"${evidenceOf(r)}. ${kindText}${seriesText}` : `${kindText}${seriesText}`;
        },
      });
    }
  }

  // Background: an assessment or study a step is based on goes just before the first step based on it.
  const ordered: Draft[] = [];
  for (const d of drafts) {
    const relations = 'relations' in d.row ? (d.row as CandidateRow).relations : [];
    for (const r of relations) {
      if (r.type !== REL.INFORMED_BY || placed.has(r.target.id)) continue;
      placed.add(r.target.id);
      const informed = d.row;
      ordered.push({
        row: r.target,
        stage: 'BACKGROUND',
        relation: RELATIONSHIPS.INFORMED_BY.inverse,
        relatedId: informed.id,
        why: (positionOf) =>
          `The ${kindLabel(r.target.kind)} that step ${positionOf(informed.id)}, "${titleOf(toPublication(informed as PublicationRow))}", is based on${evidenceOf(r)}.`,
      });
    }
    ordered.push(d);
  }

  ordered.forEach((d, i) => positions.set(d.row.id, i + 1));
  const positionOf = (id: string) => positions.get(id) ?? 0;
  return ordered.map((d, i) => {
    const link = d.relation === null && 'relations' in d.row ? earlierLink(d.row as CandidateRow, positions) : undefined;
    return {
      position: i + 1,
      stage: d.stage,
      publication: toPublication(d.row),
      why: d.why(positionOf),
      relation: link ? (link.type as CompanionRelationName) : d.relation,
      relatedStep: link ? positionOf(link.target.id) : d.relatedId ? (positions.get(d.relatedId) ?? null) : null,
    };
  });
}
