import fc from 'fast-check';
import { parse } from 'yaml';
import { readSeeds, SeedValidationError } from '../../src/seed/read-seeds';
import { SeedCopy } from '../support/seed-fixtures';

/**
 * Property-based: random corruptions of a real publication file (a key removed, a value replaced by one of the
 * wrong type or a hostile string, an unknown key, broken YAML) are either still a valid publication or rejected
 * with a problem that names that file, a path into it and a message; never an exception of another kind.
 */

const FILE = 'publications/iom-reintegration-handbook.yaml';
const hostile = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.constantFrom("' OR 1=1 //", '"}) MATCH (n) DETACH DELETE n //', '\u0000', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', '-1', 'null', '{}'),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
);

describe('malformed seed files, fuzzed', () => {
  let copy: SeedCopy;
  let original: Record<string, unknown>;
  beforeAll(() => {
    copy = new SeedCopy();
    original = copy.read(FILE);
  });
  afterAll(() => copy.remove());

  it('are rejected with their file and a path, or still valid', async () => {
    const keys = Object.keys(original);
    const corruption = fc.oneof(
      fc.record({ kind: fc.constant('remove' as const), key: fc.constantFrom(...keys) }),
      fc.record({ kind: fc.constant('replace' as const), key: fc.constantFrom(...keys), value: hostile }),
      fc.record({ kind: fc.constant('add' as const), key: fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !keys.includes(k)), value: hostile }),
      fc.record({ kind: fc.constant('text' as const), text: fc.constantFrom('id: [unclosed\n', 'title: "a\n  b: c', '\t- tab indented: 1\n', '{{{', 'id: x\nid: y\n') }),
    );
    let rejected = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(corruption, { minLength: 1, maxLength: 3 }), async (changes) => {
        const doc: Record<string, unknown> = structuredClone(original);
        let text: string | undefined;
        for (const change of changes) {
          if (change.kind === 'remove') delete doc[change.key];
          else if (change.kind === 'replace' || change.kind === 'add') doc[change.key] = change.value;
          else text = change.text;
        }
        copy.write(FILE, text ?? doc);
        try {
          await readSeeds(copy.dir);
        } catch (error) {
          if (!(error instanceof SeedValidationError)) throw error;
          rejected++;
          expect(error.problems.length).toBeGreaterThan(0);
          for (const p of error.problems) {
            expect(p.message.length).toBeGreaterThan(3);
            expect(typeof p.file).toBe('string');
          }
          expect(error.problems.some((p) => p.file === FILE || p.file.startsWith('publications/'))).toBe(true);
        } finally {
          copy.write(FILE, original);
        }
      }),
      { numRuns: 150 },
    );
    expect(rejected).toBeGreaterThan(100);
    // The copy is intact again: the last write restored the original.
    expect(parse(JSON.stringify(copy.read(FILE)))).toEqual(original);
  }, 120_000);
});
