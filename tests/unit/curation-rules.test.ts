import type { Viewer } from '../../src/auth/verify';
import { addCompanionLink, addTags, relationField, removeCompanionLink, removeTags, tagField } from '../../src/curation/curation.service';
import { Publication, type PublicationSeed } from '../../src/seed/schema';

/** What the tag and link edits do to a publication's seed form, before validation and the write (no database). */

const seed = (fields: Partial<PublicationSeed> = {}): PublicationSeed =>
  Publication.parse({ id: 'handbook', title: 'Handbook', kind: 'handbook', sources: [{ source: 'cat-001' }], topics: ['a', 'b'], audiences: ['x'], primaryTopic: 'a', ...fields });

const editor = { id: 'alice' } as Viewer;

describe('tag edits', () => {
  it('adding keeps what is there once, and a primary topic is also a topic', () => {
    const draft = addTags(seed(), { topics: ['b', 'c'], audiences: ['x', 'y'], primaryTopic: 'd' });
    expect(draft).toMatchObject({ topics: ['a', 'b', 'c', 'd'], audiences: ['x', 'y'], primaryTopic: 'd' });
  });

  it('adding nothing changes nothing and leaves the primary topic', () => {
    const current = seed();
    expect(addTags(current, {})).toEqual({ ...current });
  });

  it('removing takes the tags away and unsets a removed primary topic', () => {
    const draft = removeTags(seed(), { topics: ['a'], audiences: ['x'] });
    expect(draft).toMatchObject({ topics: ['b'], audiences: [] });
    expect(draft).not.toHaveProperty('primaryTopic');
  });

  it('removing a tag the publication lacks is NOT_FOUND on that argument and position, and changes nothing', () => {
    expect(removeTags(seed(), { topics: ['a', 'zzz'], audiences: ['nope'] })).toEqual([
      { field: ['topics', '1'], message: 'the publication is not tagged with topic "zzz"', code: 'NOT_FOUND' },
      { field: ['audiences', '0'], message: 'the publication is not for audience "nope"', code: 'NOT_FOUND' },
    ]);
  });

  it('reports a seed problem against the argument that caused it', () => {
    expect(tagField(['topics', 2])).toEqual(['topics']);
    expect(tagField(['primaryTopic'])).toEqual(['primaryTopic']);
    expect(tagField(['sources', 0, 'reason'])).toEqual(['reason']);
  });
});

describe('link edits', () => {
  it('linking appends the relation with its evidence, sourced to the editor', () => {
    const draft = addCompanionLink(seed(), { type: 'COMPLEMENTS', target: 'guide', evidence: 'cited on p. 3' }, editor);
    expect(draft.relations).toEqual([{ type: 'COMPLEMENTS', target: 'guide', evidence: 'cited on p. 3', source: 'editor:alice' }]);
  });

  it('unlinking removes exactly that type to that target; a link that is not there is NOT_FOUND on "to"', () => {
    const current = seed({
      relations: [
        { type: 'COMPLEMENTS', target: 'guide', evidence: 'e', source: 'cat-001' },
        { type: 'INFORMED_BY', target: 'guide', evidence: 'e', source: 'cat-001' },
      ],
    } as Partial<PublicationSeed>);
    expect((removeCompanionLink(current, { type: 'COMPLEMENTS', target: 'guide' }) as Record<string, unknown>).relations).toEqual([current.relations[1]]);
    expect(removeCompanionLink(current, { type: 'COMPLEMENTS', target: 'other' })).toEqual([{ field: ['to'], message: 'handbook has no COMPLEMENTS link to "other"', code: 'NOT_FOUND' }]);
  });

  it("maps a relation's seed path to the link argument", () => {
    expect(relationField(['relations', 0, 'target'])).toEqual(['to']);
    expect(relationField(['relations', 0, 'evidence'])).toEqual(['evidence']);
    expect(relationField(['relations', 0])).toEqual(['to']);
    expect(relationField(['sources', 1])).toEqual(['reason']);
  });
});
