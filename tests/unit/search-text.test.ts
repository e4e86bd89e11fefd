import { highlight, toHtml } from '../../src/search/highlight';
import { prefixQuery, queryTerms } from '../../src/search/lucene';

describe('turning typed text into a Lucene query', () => {
  it('keeps only words, so Lucene syntax and Cypher from the user never reach the index', () => {
    expect(queryTerms('title:x* OR "a" AND (b) ~c ^2 \\ /re/ }') ).toEqual(['title', 'x', 'or', 'a', 'and', 'b', 'c', '2', 're']);
    expect(queryTerms("'}) MATCH (n) DETACH DELETE n //")).toEqual(['match', 'n', 'detach', 'delete', 'n']);
    expect(queryTerms('Trata de personas, psicosocial')).toEqual(['trata', 'de', 'personas', 'psicosocial']);
    expect(queryTerms('!!! ***')).toEqual([]);
  });

  it('drops words longer than 60 characters and keeps the first 12 words', () => {
    expect(queryTerms(`${'a'.repeat(61)} b ${'c'.repeat(60)}`)).toEqual(['b', 'c'.repeat(60)]);
    const thirteen = Array.from({ length: 13 }, (_, i) => `w${i}`);
    expect(queryTerms(thirteen.join(' '))).toEqual(thirteen.slice(0, 12));
  });

  it('makes the last term a prefix from its first letter on, as a user types it ("trafficking in p")', () => {
    expect(prefixQuery(['counter', 't'])).toBe('counter AND (t OR t*)');
    expect(prefixQuery(['counter', 'tr'])).toBe('counter AND (tr OR tr*)');
    expect(prefixQuery(['tr', 'counter'])).toBe('tr AND (counter OR counter*)');
  });

  it('folds accents and leaves out earlier stop words, keeping a stop word being typed as a prefix', () => {
    expect(prefixQuery(['guía', 'atención'])).toBe('guia AND (atencion OR atencion*)');
    expect(prefixQuery(['trafficking', 'in', 'p'])).toBe('trafficking AND (p OR p*)');
    expect(prefixQuery(['trafficking', 'in'])).toBe('trafficking AND (in OR in*)');
  });

  it('requires every term, and treats the last one as a prefix for type-ahead', () => {
    expect(prefixQuery(['victim', 'assistance'])).toBe('victim AND (assistance OR assistance*)');
    expect(prefixQuery(['counter', 'traf'])).toBe('counter AND (traf OR traf*)');
    expect(prefixQuery(['nig'], 'title')).toBe('title:((nig OR nig*))');
  });
});

describe('highlighted snippets', () => {
  it('marks accent- and case-insensitive word-prefix matches with offsets into the snippet', () => {
    const h = highlight('Atención PSICOSOCIAL a personas migrantes; apoyo psicosocial.', ['psicosocial', 'atencion']);
    expect(h.highlights.map(({ start, length }) => h.text.slice(start, start + length))).toEqual(['Atención', 'PSICOSOCIAL', 'psicosocial']);
  });

  it('cuts long text around the densest matches and marks the cuts', () => {
    const text = `${'Lorem ipsum dolor sit amet. '.repeat(30)}Victims of trafficking need assistance. ${'More filler text here. '.repeat(30)}`;
    const h = highlight(text, ['trafficking'], 120);
    expect(h.text.startsWith('…')).toBe(true);
    expect(h.text.endsWith('…')).toBe(true);
    expect(h.text.length).toBeLessThanOrEqual(122);
    expect(h.highlights).toHaveLength(1);
    const [{ start, length }] = h.highlights as [{ start: number; length: number }];
    expect(h.text.slice(start, start + length)).toBe('trafficking');
  });

  const marked = (h: { text: string; highlights: { start: number; length: number }[] }) => h.highlights.map(({ start, length }) => h.text.slice(start, start + length));

  it('matches at the start of a word only, and marks the whole word a prefix begins', () => {
    expect(marked(highlight('antitrafficking work; trafficking victims', ['trafficking']))).toEqual(['trafficking']);
    expect(marked(highlight('Trafficked and trafficking persons', ['traffick']))).toEqual(['Trafficked', 'trafficking']);
    // An empty term matches nothing (it would otherwise mark every word).
    expect(marked(highlight('alpha beta gamma', ['', 'beta']))).toEqual(['beta']);
  });

  it('returns a text shorter than the window whole, without cuts, with every match', () => {
    const text = `${'Filler words before the match. '.repeat(5)}assistance`;
    expect(text.length).toBeLessThan(220);
    const h = highlight(text, ['assistance']);
    expect(h.text).toBe(text);
    expect(marked(h)).toEqual(['assistance']);
  });

  it('starts a long text without matches at its beginning and cuts it at a word boundary', () => {
    const text = 'Lorem ipsum dolor sit amet. '.repeat(20);
    const h = highlight(text, ['trafficking'], 100);
    expect(h.text.startsWith('Lorem ipsum')).toBe(true);
    expect(h.text.endsWith('…')).toBe(true);
    expect(text).toContain(`${h.text.slice(0, -1)} `);
    expect(h.highlights).toEqual([]);
  });

  it('picks the window with the most matches, not the first match, and cuts it at word boundaries', () => {
    const text = `assistance ${'filler text of no interest. '.repeat(12)}victims need assistance, assistance and more assistance here. ${'closing filler words. '.repeat(12)}`;
    const h = highlight(text, ['assistance'], 120);
    expect(marked(h)).toEqual(['assistance', 'assistance', 'assistance']);
    expect(h.text.startsWith('…')).toBe(true);
    const inner = h.text.slice(1, h.text.endsWith('…') ? -1 : undefined);
    // Whole words: the window starts after a space of the source and ends before one.
    const at = text.indexOf(inner);
    expect(at).toBeGreaterThan(0);
    expect(text[at - 1]).toBe(' ');
    expect(text[at + inner.length]).toMatch(/\s/);
  });

  it('renders HTML with the text escaped and only <mark> added', () => {
    const h = highlight('<script>alert("x")</script> trafficking & more', ['trafficking']);
    expect(toHtml(h)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>trafficking</mark> &amp; more');
    expect(toHtml(highlight("victims' rights", ['rights']))).toBe('victims&#39; <mark>rights</mark>');
  });
});
