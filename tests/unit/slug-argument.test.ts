import { InvalidArgumentError } from '../../src/errors';
import { nodeIdArgument, slugArgument, toGlobalId } from '../../src/node/global-id';

/** The argument translators' refusal, or a failure when the argument was accepted. */
function refusal(run: () => unknown): InvalidArgumentError {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidArgumentError) return error;
    throw error;
  }
  throw new Error('expected the argument to be refused');
}

/** The one translator of "a global id or a slug of this type" arguments (filters, recommend, reading path, curation). */
describe('slugArgument', () => {
  it('answers the slug of a global id of the expected type, and a plain slug as it is', () => {
    expect(slugArgument(toGlobalId('Topic', 'counter-trafficking'), 'Topic', 'topic')).toBe('counter-trafficking');
    expect(slugArgument('counter-trafficking', 'Topic', 'topic')).toBe('counter-trafficking');
    expect(slugArgument('a1-b2', 'Publication', 'positive')).toBe('a1-b2');
  });

  it('refuses a global id of another type, naming both types and the argument', () => {
    const error = refusal(() => slugArgument(toGlobalId('Place', 'nigeria'), 'Topic', 'topic'));
    expect(error.argument).toBe('topic');
    expect(error.message).toBe(`"topic" must be a Topic id or slug; ${JSON.stringify(toGlobalId('Place', 'nigeria'))} is a Place id, expected a Topic.`);
  });

  it.each([
    ['spaces and punctuation', 'not a slug!'],
    ['upper case', 'Counter-Trafficking'],
    ['a double hyphen', 'counter--trafficking'],
    ['an empty string', ''],
    ['a slug past 200 characters', 'a'.repeat(201)],
  ])('refuses %s as neither an id nor a slug', (_what, value) => {
    const error = refusal(() => slugArgument(value, 'Publication', 'negative'));
    expect(error.argument).toBe('negative');
    expect(error.message).toBe(`"negative" must be a Publication id or slug; ${JSON.stringify(value.slice(0, 60))} is neither.`);
  });

  it('accepts a slug of exactly 200 characters', () => {
    expect(slugArgument('a'.repeat(200), 'Publication', 'id')).toBe('a'.repeat(200));
  });

  it('reports a value inside a filter at its path, against the filter argument', () => {
    const error = refusal(() => slugArgument(toGlobalId('Place', 'nigeria'), 'Topic', 'filter', 'filter.topics[0]'));
    expect(error.argument).toBe('filter');
    expect(error.detail.path).toBe('filter.topics[0]');
    expect(error.message).toMatch(/^filter\.topics\[0\] must be a Topic id or slug; .* is a Place id, expected a Topic\.$/);
  });
});

/** The one translator of arguments that take only a global id (publication(id:), entity pages, neighbourhood, path). */
describe('nodeIdArgument', () => {
  it('answers the type and slug of a global id, of any Node type when none is required', () => {
    expect(nodeIdArgument(toGlobalId('Place', 'nigeria'), 'id')).toEqual({ type: 'Place', slug: 'nigeria' });
    expect(nodeIdArgument(toGlobalId('Topic', 'counter-trafficking'), 'from', 'Topic')).toEqual({ type: 'Topic', slug: 'counter-trafficking' });
  });

  it('refuses an id of another type when one is required, naming the argument and the type', () => {
    const error = refusal(() => nodeIdArgument(toGlobalId('Place', 'nigeria'), 'id', 'Publication'));
    expect(error.argument).toBe('id');
    expect(error.message).toBe(`Argument "id" is not a Publication id: ${JSON.stringify(toGlobalId('Place', 'nigeria'))}`);
  });

  it.each([
    ['a plain slug', 'nigeria'],
    ['punctuation', 'nonsense!'],
    ['an id of a type the catalogue lacks', Buffer.from('Person:someone').toString('base64url')],
  ])('refuses %s, listing the types whose ids it takes', (_what, value) => {
    const error = refusal(() => nodeIdArgument(value, 'from'));
    expect(error.argument).toBe('from');
    expect(error.message).toBe(
      `"from" is not a node id: ${JSON.stringify(value)}. Pass the \`id\` of a Publication, Topic, Audience, Place, Organisation or Programme.`,
    );
  });
});
