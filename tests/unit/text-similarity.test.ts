import { computeTextNeighbours, guessLanguage, phraseTable, termsOf, type TopicPhrases } from '../../src/recommendations/text-similarity';

const TOPICS: TopicPhrases[] = [
  { id: 'return', phrases: { en: ['Return and reintegration', 'returnees'], es: ['Retorno y reintegración', 'retornados'], fr: ['Retour et réintégration', 'rapatriés'] } },
  { id: 'counter-trafficking', phrases: { en: ['Counter-trafficking', 'trafficking in persons', 'TIP'], es: ['Lucha contra la trata', 'trata de personas'], fr: ['traite des personnes'] } },
];
const OPTIONS = { size: 10, minSimilarity: 0, termsShown: 3 };

describe('text similarity of titles and summaries', () => {
  it('reads a text as English, Spanish or French by the stop words it uses', () => {
    expect(guessLanguage('A guide for the reintegration of returnees in Armenia')).toBe('en');
    expect(guessLanguage('Guía para la atención psicosocial de las personas migrantes')).toBe('es');
    expect(guessLanguage('Modules de formation sur la protection des victimes de la traite')).toBe('fr');
  });

  it("turns a topic's label or synonym in the text's own language into one shared term, whatever the language", () => {
    const topicTerms = (text: string) => termsOfWithTopics(text).filter((t) => t.startsWith('#'));
    expect(topicTerms('Trafficking in Persons: Victim Identification')).toEqual(['#counter-trafficking']);
    expect(topicTerms('La trata de personas en la región')).toEqual(['#counter-trafficking']);
    expect(topicTerms('La traite des personnes au Burkina Faso')).toEqual(['#counter-trafficking']);
    expect(topicTerms('Services for returnees')).toEqual(['#return']);
  });

  it('matches an all-capitals synonym only where the text writes it in capitals: "TIP" is trafficking, "tips" is not', () => {
    expect(termsOfWithTopics('Responding to TIP in Nigeria')).toContain('#counter-trafficking');
    expect(termsOfWithTopics('The safety of your trip: tip for safe migration')).not.toContain('#counter-trafficking');
  });

  it('drops stop words, numbers and the catalogue\'s generic words, and stems the rest in the text\'s language', () => {
    expect(termsOfWithTopics('This handbook provides guidance on the 2030 monitoring of migrants')).toEqual(['monitor', 'migrant']);
  });

  it('scores cosine of TF-IDF vectors computed by hand, names the shared terms, and bridges languages through topics', () => {
    const docs = [
      { id: 'a', titles: ['Returnees Armenia'], summary: null },
      { id: 'b', titles: ['Armenia'], summary: 'Returnees in Armenia.' },
      { id: 'c', titles: ['Georgia'], summary: null },
      { id: 'd', titles: ['Los retornados'], summary: null },
    ];
    const neighbours = computeTextNeighbours(docs, TOPICS, OPTIONS);
    // N = 4; #return on a, b, d (idf ln 4/3); armenia on a, b (idf ln 2); georgia on c only.
    // a: #return tf 2 (title ×2), armenia tf 2: weights (1 + ln 2) × idf. b: armenia tf 3 (title ×2 + summary), #return tf 1.
    const [r, m] = [Math.log(4 / 3), Math.log(2)];
    const unit = (v: number[]) => v.map((x) => x / Math.hypot(...v));
    const a = unit([(1 + Math.log(2)) * r, (1 + Math.log(2)) * m]);
    const b = unit([r, (1 + Math.log(3)) * m]);
    const ab = a[0]! * b[0]! + a[1]! * b[1]!;
    const ad = a[0]!; // d is #return alone: unit vector (1, 0)
    expect(neighbours.get('a')!.map((n) => n.id)).toEqual(ab > ad ? ['b', 'd'] : ['d', 'b']);
    expect(neighbours.get('a')!.find((n) => n.id === 'b')!.similarity).toBeCloseTo(ab, 12);
    expect(neighbours.get('a')!.find((n) => n.id === 'd')!.similarity).toBeCloseTo(ad, 12);
    // The shared terms as a writes them, the other's wording added when it differs.
    expect(neighbours.get('a')!.find((n) => n.id === 'b')!.terms).toEqual(['Armenia', 'Returnees']);
    expect(neighbours.get('a')!.find((n) => n.id === 'd')!.terms).toEqual(['Returnees / retornados']);
    expect(neighbours.get('c')).toEqual([]);
    expect(neighbours.get('b')!.find((n) => n.id === 'a')!.similarity).toBeCloseTo(ab, 12);
  });

  it('keeps at most `size` neighbours, none below `minSimilarity`, most similar first', () => {
    const docs = ['x y z', 'x y', 'x', 'w'].map((t, i) => ({ id: `p${i}`, titles: [t.replace(/\w/g, (c) => `${c}ord`)], summary: null }));
    const all = computeTextNeighbours(docs, [], OPTIONS).get('p0')!;
    expect(all.map((n) => n.id)).toEqual(['p1', 'p2']);
    expect(computeTextNeighbours(docs, [], { ...OPTIONS, size: 1 }).get('p0')!.map((n) => n.id)).toEqual(['p1']);
    expect(computeTextNeighbours(docs, [], { ...OPTIONS, minSimilarity: all[0]!.similarity }).get('p0')!.map((n) => n.id)).toEqual(['p1']);
  });
});

/** The terms of one text, with TOPICS' phrases recognised. */
function termsOfWithTopics(text: string): string[] {
  const language = guessLanguage(text);
  return termsOf(text, language, phraseTable(TOPICS)[language]).map((t) => t.term);
}
