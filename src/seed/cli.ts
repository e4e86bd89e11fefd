import { describeCliFailure } from '../cli-failure';
import { loadConfig } from '../config';
import { openGraph } from '../graph/connect';
import { loadSeeds } from './load-seeds';
import { refreshRelatedIndex } from '../recommendations/related-index.cypher';
import { DEFAULT_WEIGHTS } from '../recommendations/related.rules';
import { readSeeds } from './read-seeds';

/**
 * `npm run seed [-- --check | --bulk]`: validate graph-seeds/ and make the graph equal to it. With --check it only
 * validates (no database needed) — useful in an editor's pre-commit hook.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const checkOnly = process.argv.includes('--check');
  // --bulk: initial import into an empty graph, batch by batch (see LoadOptions.bulk in load-seeds.ts).
  const bulk = process.argv.includes('--bulk');
  const catalogue = await readSeeds(config.seed.dir);
  console.log(
    `graph-seeds valid: ${catalogue.publications.length} publications, ${catalogue.topics.length} topics, ${catalogue.audiences.length} audiences, ` +
      `${catalogue.places.length} places, ${catalogue.organisations.length} organisations, ${catalogue.programmes.length} programmes, ${catalogue.series.length} series`,
  );
  if (checkOnly) return;

  const graph = await openGraph(config, (line) => console.error(line));
  try {
    let lastReport = 0;
    const summary = await loadSeeds(graph.executor, catalogue, {
      bulk,
      onProgress: ({ step, done, total }) => {
        if (Date.now() - lastReport > 2000 || done === total) {
          lastReport = Date.now();
          console.log(`  ${step}: ${done}/${total}`);
        }
      },
    });
    console.log(
      `loaded into ${graph.description} in ${summary.ms} ms: ` +
        `${summary.nodesCreated} nodes created, ${summary.nodesDeleted} deleted; ` +
        `${summary.relationshipsCreated} relationships created, ${summary.relationshipsDeleted} deleted`,
    );
    console.log('nodes:', summary.nodes);
    console.log('relationships:', summary.relationships);
    const index = await refreshRelatedIndex(graph.executor, DEFAULT_WEIGHTS);
    console.log(`related index: ${index.written} publications (snapshot ${index.readMs} ms, compute ${index.computeMs} ms, write ${index.writeMs} ms)`);
  } finally {
    await graph.close();
  }
}

main().catch((error: unknown) => {
  console.error(describeCliFailure('seed', error));
  process.exit(1);
});
