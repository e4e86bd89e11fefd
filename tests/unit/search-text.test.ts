import { highlight, toHtml } from '../../src/search/highlight';
import { allTermsQuery, prefixQuery, queryTerms } from '../../src/search/lucene';

describe('turning typed text into a Lucene query', () => {
  it('keeps only words, so Lucene syntax and Cypher from the user never reach the index', () => {
    expect(queryTerms('title:x* OR "a" AND (b) ~c ^2 \\ /re/ }') ).toEqual(['title', 'x', 'or', 'a', 'and', 'b', 'c', '2', 're']);
    expect(queryTerms("'}) MATCH (n) DETACH DELETE n //")).toEqual(['match', 'n', 'detach', 'delete', 'n']);
    expect(queryTerms('Trata de personas, psicosocial')).toEqual(['trata', 'de', 'personas', 'psicosocial']);
    expect(queryTerms('!!! ***')).toEqual([]);
  });

  it('requires every term, and treats the last one as a prefix for type-ahead', () => {
    expect(allTermsQuery(['victim', 'assistance'])).toBe('victim AND assistance');
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

  it('renders HTML with the text escaped and only <mark> added', () => {
    const h = highlight('<script>alert("x")</script> trafficking & more', ['trafficking']);
    expect(toHtml(h)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>trafficking</mark> &amp; more');
  });
});
