import { checkRequest, decodeResumptionToken, encodeResumptionToken, OaiError, parseDatestamp, selectionOf, slugOfIdentifier } from '../../src/oai/oai-protocol';

const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    return error instanceof OaiError ? error.code : 'other';
  }
  return 'none';
};

describe('OAI-PMH request rules', () => {
  it('reads a day as the whole day and a second as its whole second', () => {
    expect(parseDatestamp('2024-02-29', 'from').ms).toBe(Date.UTC(2024, 1, 29));
    expect(parseDatestamp('2024-02-29', 'until').ms).toBe(Date.UTC(2024, 2, 1) - 1);
    expect(parseDatestamp('2024-02-29T10:00:05Z', 'until').ms).toBe(Date.UTC(2024, 1, 29, 10, 0, 5, 999));
  });

  it('refuses impossible or local datestamps with badArgument', () => {
    for (const value of ['2023-02-29', '2024-13-01', '2024-01-01T10:00:00', '2024-01-01T25:00:00Z', '2024-1-1']) expect(codeOf(() => parseDatestamp(value, 'from'))).toBe('badArgument');
  });

  it('selects a kind set or a topic set, and refuses any other', () => {
    expect(selectionOf({ set: 'kind:guide' })).toMatchObject({ kind: 'guide', topic: null });
    expect(selectionOf({ set: 'topic:health' })).toMatchObject({ kind: null, topic: 'health' });
    for (const set of ['place:x', 'kind:', 'kind:a:b', 'topic:Health']) expect(codeOf(() => selectionOf({ set }))).toBe('badArgument');
  });

  it('reads only its own identifiers', () => {
    expect(slugOfIdentifier('oai:pubgraph:a-b')).toBe('a-b');
    expect(slugOfIdentifier('oai:pubgraph:A B')).toBeUndefined();
    expect(slugOfIdentifier('oai:other:a-b')).toBeUndefined();
  });

  it('refuses repeated, unknown and missing arguments by the verb rules', () => {
    expect(codeOf(() => checkRequest({ verb: ['Identify', 'Identify'] }))).toBe('badVerb');
    expect(codeOf(() => checkRequest({ verb: 'GetRecord', identifier: 'x' }))).toBe('badArgument');
    expect(codeOf(() => checkRequest({ verb: 'ListSets', resumptionToken: 't', set: 'kind:x' }))).toBe('badArgument');
    expect(checkRequest({ verb: 'ListRecords', resumptionToken: 't' }).verb).toBe('ListRecords');
  });

  it('round-trips a resumption token and refuses it for another verb or after it expires', () => {
    const state = { verb: 'ListRecords' as const, set: 'kind:guide', after: 'a-b', cursor: 7, expires: 2_000 };
    const token = encodeResumptionToken(state);
    expect(decodeResumptionToken(token, 'ListRecords', 1_000_000)).toEqual(state);
    expect(codeOf(() => decodeResumptionToken(token, 'ListIdentifiers', 1_000_000))).toBe('badResumptionToken');
    expect(codeOf(() => decodeResumptionToken(token, 'ListRecords', 2_000_001))).toBe('badResumptionToken');
    expect(codeOf(() => decodeResumptionToken(encodeResumptionToken({ ...state, cursor: -1 }), 'ListRecords', 0))).toBe('badResumptionToken');
  });
});
