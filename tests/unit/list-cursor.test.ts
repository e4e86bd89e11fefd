import { InvalidArgumentError } from '../../src/errors';
import { decodeListCursor, encodeListCursor } from '../../src/publications/publication-list.cypher';

/** The list cursor codec: an opaque token of the sort and the last row's sort keys, refused when it is not one. */
describe('list cursors', () => {
  it('decode to the sort and key values they were encoded from', () => {
    const cursor = { sort: 'YEAR_DESC' as const, values: [2019, 'handbook on referral', 'handbook'] };
    expect(decodeListCursor(encodeListCursor(cursor), 'YEAR_DESC')).toEqual(cursor);
    const relevance = { sort: 'RELEVANCE' as const, values: [3.25, 'guide'] };
    expect(decodeListCursor(encodeListCursor(relevance), 'RELEVANCE')).toEqual(relevance);
  });

  it('are URL-safe text', () => {
    expect(encodeListCursor({ sort: 'TITLE', values: ['?/+ ünïcode', 'a'] })).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  const refusals: [string, string][] = [
    ['a cursor of another sort', encodeListCursor({ sort: 'TITLE', values: ['a', 'b'] })],
    ['the wrong number of keys', Buffer.from(JSON.stringify({ s: 'YEAR_DESC', k: [2019, 'a'] })).toString('base64url')],
    ['a key that is neither text nor a number', Buffer.from(JSON.stringify({ s: 'TITLE', k: [{ a: 1 }, 'b'] })).toString('base64url')],
    ['JSON that is not a cursor', Buffer.from('null').toString('base64url')],
    ['text that is not JSON', 'bm90IGpzb24'],
  ];
  it.each(refusals)('refuse %s as an "after" the caller must replace', (_what, text) => {
    let error: unknown;
    try {
      decodeListCursor(text, 'YEAR_DESC');
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ argument: 'after', message: '"after" is not a cursor of this list: pass the endCursor of a page fetched with the same sort.' });
  });
});
