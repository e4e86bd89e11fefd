import type { RecommendationReasonRecord } from '../../src/recommendations/related.model';
import { explainRecommendation, shorten } from '../../src/recommendations/reason-sentence';
import { readableFirst, type ScoredCandidate } from '../../src/recommendations/related.rules';
import type { AudienceRecord, TopicRecord } from '../../src/vocabularies/vocabulary.model';

const topic = (id: string, en: string, es: string | null, fr: string | null): TopicRecord => ({
  __typename: 'Topic',
  id,
  name: en,
  labelEn: en,
  labelEs: es,
  labelFr: fr,
  synonymsEn: [],
  synonymsEs: [],
  synonymsFr: [],
  description: null,
});
const audience = (id: string, en: string, es: string, fr: string): AudienceRecord => ({ ...topic(id, en, es, fr), __typename: 'Audience' }) as unknown as AudienceRecord;

const CT = topic('counter-trafficking', 'Counter-trafficking', 'Lucha contra la trata', 'Lutte contre la traite');
const VA = topic('victim-assistance', 'Victim assistance', 'Asistencia a víctimas', null);
const LE = audience('law-enforcement', 'Law enforcement', 'Fuerzas del orden', "Forces de l'ordre");

const reason = (over: Partial<RecommendationReasonRecord>): RecommendationReasonRecord => ({
  key: over.key ?? `${over.kind}:${over.label}`,
  kind: 'TOPIC',
  label: '',
  contribution: 1,
  relation: null,
  node: null,
  evidence: null,
  seed: null,
  ...over,
});
const aboutCT = reason({ kind: 'TOPIC', label: CT.labelEn, node: CT, contribution: 3 });
const aboutVA = reason({ kind: 'TOPIC', label: VA.labelEn, node: VA, contribution: 2 });
const forLE = reason({ kind: 'AUDIENCE', label: LE.labelEn, node: LE, contribution: 1.5 });
const inNigeria = reason({ kind: 'PLACE', label: 'Nigeria', contribution: 1 });

describe('the sentence a recommendation explains itself with', () => {
  it('joins the reasons of one kind and shows at most two kinds, largest first, in each language', () => {
    const reasons = [aboutCT, aboutVA, forLE, inNigeria];
    expect(explainRecommendation(reasons, new Map(), 'EN')).toEqual({ text: 'Also about counter-trafficking and victim assistance, for law enforcement', language: 'EN', fallback: false });
    expect(explainRecommendation(reasons, new Map(), 'ES').text).toBe('También sobre lucha contra la trata y asistencia a víctimas, para fuerzas del orden');
  });

  it('says when a topic had no label in the language and its English one stood in', () => {
    expect(explainRecommendation([aboutVA], new Map(), 'FR')).toEqual({ text: 'Aussi sur victim assistance', language: 'FR', fallback: true });
    expect(explainRecommendation([aboutCT], new Map(), 'FR')).toEqual({ text: 'Aussi sur lutte contre la traite', language: 'FR', fallback: false });
  });

  it("reads a catalogued relation from the recommended publication's side, naming the seed by its title", () => {
    // On the handbook's list a guidance note comes with COMPLEMENTED_BY (the seed's side): the note complements the handbook.
    const relation = reason({ kind: 'RELATION', label: 'IOM Guidance on Referral Mechanisms', relation: 'COMPLEMENTED_BY', seed: 'handbook', contribution: 6 });
    const titles = new Map([['handbook', 'IOM Handbook on Protection and Assistance for Migrants Vulnerable to Violence, Exploitation and Abuse']]);
    expect(explainRecommendation([relation, aboutCT], titles, 'EN').text).toBe(`Complements ${shorten(titles.get('handbook')!)}, also about counter-trafficking`);
    expect(explainRecommendation([relation], titles, 'ES').text).toMatch(/^Complementa IOM Handbook on Protection/);
    expect(shorten(titles.get('handbook')!)).toMatch(/^IOM Handbook on Protection and Assistance for Migrants Vulnerable to…$/);
  });

  it('keeps names as printed and leaves out what counts against the recommendation', () => {
    const disliked = reason({ kind: 'TOPIC', label: VA.labelEn, node: VA, contribution: -2 });
    expect(explainRecommendation([inNigeria, disliked], new Map(), 'ES').text).toBe('También cubre Nigeria');
  });
});

describe('readableFirst', () => {
  const candidate = (id: string, languages: string[]): ScoredCandidate => ({
    publication: { id } as ScoredCandidate['publication'],
    score: 1,
    reasons: [],
    work: id,
    languages,
    original: true,
  });

  it("moves works in the reader's language ahead of the rest, each group in list order, and keeps every work", () => {
    const list = [candidate('de', ['de']), candidate('en1', ['en']), candidate('none', []), candidate('en-es', ['es', 'en'])];
    expect(readableFirst(list, 'en').map((c) => c.publication.id)).toEqual(['en1', 'en-es', 'de', 'none']);
    expect(readableFirst(list, null).map((c) => c.publication.id)).toEqual(['de', 'en1', 'none', 'en-es']);
  });
});
