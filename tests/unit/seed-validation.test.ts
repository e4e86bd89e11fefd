import { readSeeds, SeedValidationError } from '../../src/seed/read-seeds';
import { SEED_DIR } from '../support/graph';
import { SeedCopy } from '../support/seed-fixtures';

const HANDBOOK = 'publications/iom-handbook-migrants-vulnerable-violence-exploitation-abuse.yaml';

async function problemsOf(copy: SeedCopy) {
  try {
    await readSeeds(copy.dir);
  } catch (error) {
    if (error instanceof SeedValidationError) return error.problems;
    throw error;
  }
  throw new Error('expected the seeds to be rejected');
}

describe('seed validation', () => {
  let copy: SeedCopy;
  beforeEach(() => {
    copy = new SeedCopy();
  });
  afterEach(() => copy.remove());

  it('accepts the curated catalogue as it is', async () => {
    const catalogue = await readSeeds(SEED_DIR);
    expect(catalogue.publications.length).toBeGreaterThanOrEqual(50);
    expect(catalogue.topics.length).toBeGreaterThan(10);
  });

  it('reports every problem at once, each with its file, path and line', async () => {
    copy.edit(HANDBOOK, (doc) => {
      doc.year = 'two thousand nineteen';
      doc.topics = [...(doc.topics as string[]), 'no-such-topic'];
      doc.colour = 'blue';
    });
    copy.edit('vocabularies/places.yaml', (doc) => {
      const places = doc.places as { id: string; type: string; iso2?: string }[];
      const country = places.find((p) => p.type === 'country')!;
      delete country.iso2;
    });

    const problems = await problemsOf(copy);
    const text = problems.map((p) => `${p.file}:${p.line ?? '?'} ${p.path}: ${p.message}`);
    expect(text).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${HANDBOOK}:\\d+ year: .*number`)),
        expect.stringMatching(/colour/),
        expect.stringMatching(/^vocabularies\/places\.yaml:\d+ places\[\d+\]\.iso2: a country needs its iso2 code/),
      ]),
    );
    expect(problems.every((p) => p.file && p.message)).toBe(true);
  });

  it('names the unknown reference and where it is once the shapes are valid', async () => {
    copy.edit(HANDBOOK, (doc) => {
      doc.topics = [...(doc.topics as string[]), 'no-such-topic'];
      doc.relations = [{ type: 'COMPLEMENTS', target: 'missing-handbook', evidence: 'made up for the test', source: 'cat-000' }];
    });
    const problems = await problemsOf(copy);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: HANDBOOK, path: expect.stringMatching(/^topics\[\d+\]$/), message: 'unknown topic "no-such-topic"' }),
        expect.objectContaining({ file: HANDBOOK, path: 'relations[0].target', message: 'unknown publication "missing-handbook"' }),
      ]),
    );
  });

  it('reports YAML syntax errors with their line', async () => {
    copy.write(HANDBOOK, 'id: broken\ntitle: [unclosed\nkind: handbook\n');
    const problems = await problemsOf(copy);
    expect(problems[0]).toMatchObject({ file: HANDBOOK, message: expect.stringMatching(/^YAML syntax/) });
    expect(problems[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it('refuses an untitled record that is not marked incomplete', async () => {
    copy.edit(HANDBOOK, (doc) => {
      doc.title = null;
      doc.incomplete = false;
    });
    const problems = await problemsOf(copy);
    expect(problems).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'title', message: expect.stringMatching(/incomplete/) })]));
  });

  it('refuses a publication whose id does not match its file name, and duplicate ids', async () => {
    copy.edit(HANDBOOK, (doc) => {
      doc.id = 'renamed-in-the-file-only';
    });
    copy.edit('vocabularies/topics.yaml', (doc) => {
      const topics = doc.topics as { id: string }[];
      topics.push({ ...topics[0]! });
    });
    const problems = await problemsOf(copy);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: HANDBOOK, message: expect.stringMatching(/does not match the file name/) }),
        expect.objectContaining({ file: 'vocabularies/topics.yaml', message: expect.stringMatching(/^duplicate id/) }),
      ]),
    );
  });

  it('detects a cycle in the topic taxonomy', async () => {
    copy.edit('vocabularies/topics.yaml', (doc) => {
      const topics = doc.topics as { id: string; broader: string[] }[];
      const child = topics.find((t) => t.broader?.length)!;
      const parent = topics.find((t) => t.id === child.broader[0])!;
      parent.broader = [...(parent.broader ?? []), child.id];
    });
    const problems = await problemsOf(copy);
    expect(problems).toEqual(expect.arrayContaining([expect.objectContaining({ message: expect.stringMatching(/form a cycle: .* -> /) })]));
  });
});
