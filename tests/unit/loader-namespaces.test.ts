import type { GraphExecutor } from '../../src/graph/executor';
import { primePublications } from '../../src/publications/publication.loaders';
import type { PublicationRecord } from '../../src/publications/publication.model';
import { createLoaders } from '../../src/server/context';

/** Each module's loaders under its own name; a module fills another's only through the owner's prime function. */

/** An executor that answers every batch with no rows and records the query names it was asked to run. */
function recordingExecutor(): { executor: GraphExecutor; queries: string[] } {
  const queries: string[] = [];
  const executor = { read: async (query: { name: string }) => (queries.push(query.name), []) } as unknown as GraphExecutor;
  return { executor, queries };
}

const record = (id: string) => ({ __typename: 'Publication', id, sortTitle: id }) as PublicationRecord;

describe('per-request loaders', () => {
  it('are grouped by module and label', () => {
    const loaders = createLoaders(recordingExecutor().executor);
    expect(Object.keys(loaders).sort()).toEqual(['audiences', 'explore', 'nodes', 'organisations', 'places', 'programmes', 'publications', 'recommendations', 'topics']);
    expect(Object.keys(loaders.places).sort()).toEqual(['ancestors', 'byId', 'contained', 'publicationCount', 'within']);
    expect(Object.keys(loaders.topics).sort()).toEqual(['broader', 'byId', 'narrower', 'publicationCount', 'surroundings']);
    expect(Object.keys(loaders.organisations).sort()).toEqual(['byId', 'offices', 'parents', 'publicationCount']);
    expect(Object.keys(loaders.programmes).sort()).toEqual(['byId', 'inferences', 'organisations', 'places', 'publicationCount', 'topics']);
    expect(Object.keys(loaders.publications).sort()).toEqual([
      'audiences', 'byId', 'companions', 'funders', 'inferences', 'languages', 'partners', 'places', 'programmes', 'publishers', 'series', 'seriesMembers', 'sources', 'topicTags',
    ]);
  });

  it('primePublications fills the publications module\'s byId and languages, so loading them runs no query', async () => {
    const { executor, queries } = recordingExecutor();
    const loaders = createLoaders(executor);
    const languages = [{ code: 'es', name: 'Spanish', pdfUrl: null, publicationId: 'a' }] as never;
    primePublications(loaders, [{ publication: record('a'), languageEditions: languages }, { publication: record('b') }]);
    await expect(loaders.publications.byId.load('a')).resolves.toEqual(record('a'));
    await expect(loaders.publications.languages.load('a')).resolves.toBe(languages);
    expect(queries).toEqual([]);
    // Languages were not given for b: they are fetched, in one batch.
    await expect(loaders.publications.languages.load('b')).resolves.toEqual([]);
    expect(queries).toHaveLength(1);
  });

  it('are new for every request: nothing primed in one is seen by another', async () => {
    const { executor, queries } = recordingExecutor();
    primePublications(createLoaders(executor), [{ publication: record('a') }]);
    await expect(createLoaders(executor).publications.byId.load('a')).resolves.toBeNull();
    expect(queries).toHaveLength(1);
  });
});
