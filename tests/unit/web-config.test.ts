import { loadConfig } from '../../src/config';

describe('GraphiQL configuration', () => {
  it('serves GraphiQL by default in development and test', () => {
    expect(loadConfig({}).web.graphiql).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).web.graphiql).toBe(true);
  });

  it('turns it off in production unless GRAPHIQL=on', () => {
    const production = { NODE_ENV: 'production', NEO4J_URI: 'bolt://db:7687', NEO4J_PASSWORD: 'x' };
    expect(loadConfig(production).web.graphiql).toBe(false);
    expect(loadConfig({ ...production, GRAPHIQL: 'on' }).web.graphiql).toBe(true);
    expect(loadConfig({ GRAPHIQL: 'off' }).web.graphiql).toBe(false);
  });

  it('refuses a value other than on or off', () => {
    expect(() => loadConfig({ GRAPHIQL: 'yes' })).toThrow(/GRAPHIQL/);
  });
});
