import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import 'graphiql/style.css';

// GraphiQL served by the service itself (bundled from npm, no CDN), so the schema can be explored offline.
const fetcher = createGraphiQLFetcher({ url: new URL('/graphql', location.href).toString() });

const DEFAULT_QUERY = `# pubgraph: a handbook's companions, and what to read next
{
  publication(slug: "iom-handbook-migrants-vulnerable-violence-exploitation-abuse") {
    displayTitle
    companions { relation evidence publication { displayTitle year } }
    related(first: 3) { score reasons { kind label } publication { displayTitle } }
  }
}
`;

createRoot(document.getElementById('graphiql')!).render(createElement(GraphiQL, { fetcher, defaultQuery: DEFAULT_QUERY }));
