import { queryTerms, typoDistance, searchLookups } from '../../src/search/lucene';
import { parseSearchQuery, wantedWords } from '../../src/search/query-language';
import { rankSuggestions } from '../../src/search/suggestions';
import type { SuggestionRow } from '../../src/search/search.cypher';
import { isOutdatedFullText } from '../../src/graph/graph-schema';

/** A compact rendering of a parsed query: clauses joined by AND, leaves by OR, `-` for exclusion. */
const show = (text: string) =>
  parseSearchQuery(text)
    .clauses.map(
      (c) =>
        (c.exclude ? '-' : '') +
        c.anyOf.map((l) => (l.kind === 'phrase' ? `"${l.words.map((w) => w.folded).join(' ')}"` : l.kind === 'prefix' ? `${l.word.folded}*` : l.word.folded)).join('|'),
    )
    .join(' & ');

describe('the search query language', () => {
  it('requires every bare word, folding case and accents but keeping the typed form for the stemmers', () => {
    expect(show('Victim Assistance')).toBe('victim & assistance');
    const [clause] = parseSearchQuery('Déplacés').clauses;
    expect(clause!.anyOf[0]).toEqual({ kind: 'word', word: { typed: 'déplacés', folded: 'deplaces' } });
  });

  it('reads quoted phrases, prefixes, OR (or |) binding tighter than AND, and exclusions', () => {
    expect(show('"trafficking in persons" nige*')).toBe('"trafficking in persons" & nige*');
    expect(show('child trafficking OR smuggling')).toBe('child & trafficking|smuggling');
    expect(show('a1 | b2 | c3 d4')).toBe('a1|b2|c3 & d4');
    expect(show('trafficking -children -"forced labour"')).toBe('trafficking & -children & -"forced labour"');
    expect(show('return -reintegr*')).toBe('return & -reintegr*');
  });

  it('treats lower-case "or", a dangling OR and a hyphen inside a word as ordinary text', () => {
    expect(show('guide or manual')).toBe('guide & manual'); // "or" is an English stop word
    expect(show('OR guide OR')).toBe('guide');
    expect(show('counter-trafficking')).toBe('counter & trafficking');
    expect(show('guide OR -manual')).toBe('guide|manual');
  });

  it('ignores bare stop words of English, Spanish and French, but keeps them in quotes', () => {
    const query = parseSearchQuery('the trata de personas des "EU"');
    expect(show('the trata de personas des "EU"')).toBe('trata & personas & "eu"');
    expect(query.ignored).toEqual(['the', 'de', 'des']);
    expect(parseSearchQuery('the').clauses).toEqual([]);
    expect(parseSearchQuery('the').ignored).toEqual(['the']);
  });

  it('an unclosed quote runs to the end, and text without words parses to nothing', () => {
    expect(show('"victim identification')).toBe('"victim identification"');
    expect(parseSearchQuery('!!! *** "" -').clauses).toEqual([]);
    expect(parseSearchQuery('!!! *** "" -').ignored).toEqual([]);
  });

  it('keeps Lucene and Cypher syntax out: only letters and digits survive as words', () => {
    expect(show('title:x* AND (b) ~k ^2 \\ /re/ }')).toBe('title & x* & b & k & 2 & re');
    expect(show("'}) MATCH (n) DETACH DELETE n //")).toBe('match & detach & delete'); // "n" is a French stop word (n')
    // What reaches Lucene: words, word*, word~n and phrases in the three own-text fields, joined by OR.
    const phrase = '\\((title|alternativeTitlesText|summary):"[\\p{L}\\p{N} ]+"( OR (title|alternativeTitlesText|summary):"[\\p{L}\\p{N} ]+")*\\)';
    const leaf = `(${phrase}|[\\p{L}\\p{N}]+\\*?(~[12])?)`;
    const lookups = searchLookups(parseSearchQuery('title:x* AND NOT (b) ~c "y) z:" OR w'));
    expect(lookups.length).toBe(4); // title, x*, b, "y z"|w: and, not, c are stop words
    for (const { lucene } of lookups.flatMap((c) => c.lookups)) expect(lucene).toMatch(new RegExp(`^${leaf}( OR ${leaf})*$`, 'u'));
  });

  it('keeps at most 12 words and drops words longer than 60 characters', () => {
    const thirteen = Array.from({ length: 13 }, (_, i) => `w${i}`);
    expect(show(thirteen.join(' '))).toBe(thirteen.slice(0, 12).join(' & '));
    expect(show(`${'a'.repeat(61)} b`)).toBe('b');
  });

  it('highlights the wanted words: not excluded ones, not stop words inside phrases', () => {
    expect(wantedWords(parseSearchQuery('"victims of trafficking" atención -children traffick*'))).toEqual(['victims', 'trafficking', 'atencion', 'traffick']);
  });
});

describe('Lucene lookups of a parsed query', () => {
  it('asks the folded index for words, prefixes and phrases, and the three stemmed indexes for words and phrases', () => {
    expect(searchLookups(parseSearchQuery('Atención OR "déplacés internes" traff*'))).toEqual([
      {
        exclude: false,
        lookups: [
          { index: 'publication_text', lucene: 'atencion OR (title:"deplaces internes" OR alternativeTitlesText:"deplaces internes" OR summary:"deplaces internes")', fuzzy: false },
          ...['en', 'es', 'fr'].map((language) => ({
            index: `publication_text_${language}`,
            lucene: 'atención OR (title:"déplacés internes" OR alternativeTitlesText:"déplacés internes" OR summary:"déplacés internes")',
            fuzzy: false,
          })),
          { index: 'publication_text', lucene: 'atencion~2', fuzzy: true },
        ],
      },
      { exclude: false, lookups: [{ index: 'publication_text', lucene: 'traff*', fuzzy: false }] },
    ]);
  });

  it('allows no typo below four letters, one up to seven, two from eight; none in an exclusion', () => {
    expect([typoDistance('iom'), typoDistance('guia'), typoDistance('returne'), typoDistance('returnee')]).toEqual([0, 1, 1, 2]);
    const [, excluded] = searchLookups(parseSearchQuery('migration -children'));
    expect(excluded!.lookups.some((l) => l.fuzzy)).toBe(false);
    const [iom] = searchLookups(parseSearchQuery('iom'));
    expect(iom!.lookups.some((l) => l.fuzzy)).toBe(false);
  });
});

describe('autocomplete order', () => {
  const row = (id: string, nodeType: SuggestionRow['nodeType'] | 'Publication', name: string, score: number, popularity: number): SuggestionRow =>
    ({ id, nodeType, name, labelEn: null, labelEs: null, labelFr: null, score, popularity }) as SuggestionRow;

  it('orders by score (doubled when a label begins with what was typed), then use, then id, and reports that score', () => {
    const ranked = rankSuggestions(
      [row('pacific', 'Place', 'African, Caribbean and Pacific', 2, 9), row('caribbean', 'Place', 'Caribbean', 2, 1), row('caring', 'Publication', 'Caring for Trafficked Persons', 1, 1), row('b', 'Topic', 'Care', 1.5, 3), row('a', 'Topic', 'Care work', 1.5, 3)],
      'cari',
      { first: 10, perType: 5 },
    );
    expect(ranked.map((r) => [r.row.id, r.score])).toEqual([['caribbean', 4], ['pacific', 2], ['caring', 2], ['a', 1.5], ['b', 1.5]]);
    const scores = ranked.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
  });

  it('matches the beginning of a label word by word, accents and punctuation aside', () => {
    const [first] = rankSuggestions([row('x', 'Topic', 'Other', 3, 1), row('ct', 'Topic', 'Counter-trafficking', 2, 1)], 'counter traf', { first: 5, perType: 5 });
    expect(first!.row.id).toBe('ct');
    const [guide] = rankSuggestions([row('x', 'Topic', 'Other', 3, 1), row('g', 'Publication', 'Guía para la Atención', 2, 1)], 'guia para', { first: 5, perType: 5 });
    expect(guide!.row.id).toBe('g');
  });

  it('keeps at most perType of each type and first in all', () => {
    const rows = [...Array.from({ length: 6 }, (_, i) => row(`t${i}`, 'Topic', `t${i}`, 10 - i, 1)), row('p', 'Place', 'p', 1, 1), row('q', 'Place', 'q', 0.5, 1)];
    expect(rankSuggestions(rows, 'zz', { first: 10, perType: 3 }).map((r) => r.row.id)).toEqual(['t0', 't1', 't2', 'p', 'q']);
    expect(rankSuggestions(rows, 'zz', { first: 4, perType: 3 }).map((r) => r.row.id)).toEqual(['t0', 't1', 't2', 'p']);
  });
});

describe('full-text index upgrades', () => {
  const base = { name: 'publication_text', state: 'ONLINE', labels: ['Publication'], properties: ['title', 'alternativeTitlesText', 'summary', 'topicText'] };

  it('recreates a full-text index whose analyzer or properties differ from the declared ones, and only those', () => {
    expect(isOutdatedFullText({ ...base, analyzer: 'standard-folding' })).toBe(false);
    expect(isOutdatedFullText({ ...base, analyzer: 'standard-no-stop-words' })).toBe(true);
    expect(isOutdatedFullText({ ...base, properties: ['title', 'summary'], analyzer: 'standard-folding' })).toBe(true);
    expect(isOutdatedFullText({ ...base, name: 'publication_year', labels: ['Publication'], properties: ['year'], analyzer: null })).toBe(false);
  });
});

describe('words that fold to nothing', () => {
  it('are no words: a query or a prefix of only such letters has nothing to look up (U+10780 folds away)', () => {
    expect(parseSearchQuery('𐞀').clauses).toEqual([]);
    expect(searchLookups(parseSearchQuery('a 𐞀 trata')).every((c) => c.lookups.every((l) => l.lucene.length > 0))).toBe(true);
    expect(queryTerms('𐞀')).toEqual([]);
    expect(queryTerms('iom 𐞀 h')).toEqual(['iom', 'h']);
  });
});
