import cytoscape from 'cytoscape';

export interface GraphNodeView {
  id: string;
  type: string;
  label: string;
  weight: number;
  distance: number;
  href: string;
}
export interface GraphEdgeView {
  source: string;
  target: string;
  type: string;
  weight: number;
}

export const TYPE_COLOURS: Record<string, string> = {
  PUBLICATION: '#0b5cad',
  TOPIC: '#2f7d5b',
  PLACE: '#b0651d',
  AUDIENCE: '#7a4ab8',
  ORGANISATION: '#6b7280',
  PROGRAMME: '#b8336a',
  SERIES: '#0e7490',
};

function short(label: string, max = 34): string {
  return label.length <= max ? label : `${label.slice(0, max - 1)}…`;
}

/** Draws the neighbourhood with the centre in the middle and rings by distance; clicking a node navigates. */
export function drawNeighbourhood(container: HTMLElement, nodes: GraphNodeView[], edges: GraphEdgeView[]): cytoscape.Core {
  const ids = new Set(nodes.map((n) => n.id));
  const maxWeight = Math.max(1, ...nodes.map((n) => n.weight));
  const cy = cytoscape({
    container,
    elements: [
      ...nodes.map((n) => ({
        group: 'nodes' as const,
        data: { id: n.id, label: short(n.label), full: n.label, type: n.type, href: n.href, distance: n.distance, size: n.distance === 0 ? 46 : 16 + 22 * Math.sqrt(n.weight / maxWeight) },
      })),
      ...edges
        .filter((e) => ids.has(e.source) && ids.has(e.target))
        .map((e, i) => ({ group: 'edges' as const, data: { id: `e${i}`, source: e.source, target: e.target, type: e.type } })),
    ],
    style: [
      {
        selector: 'node',
        style: {
          'background-color': (ele: cytoscape.NodeSingular) => TYPE_COLOURS[ele.data('type') as string] ?? '#444',
          width: 'data(size)',
          height: 'data(size)',
          label: 'data(label)',
          'font-size': 10,
          color: '#1d2330',
          'text-valign': 'bottom',
          'text-margin-y': 3,
          'text-wrap': 'wrap',
          'text-max-width': '120px',
          'text-outline-color': '#fff',
          'text-outline-width': 2,
        },
      },
      { selector: 'node[distance = 0]', style: { 'font-size': 13, 'font-weight': 'bold', 'border-width': 3, 'border-color': '#10253f' } },
      { selector: 'edge', style: { width: 1, 'line-color': '#c3cad6', 'curve-style': 'haystack', opacity: 0.8 } },
      { selector: 'edge[type = "CO_OCCURS"]', style: { 'line-style': 'dashed', 'line-color': '#e0b36b' } },
      { selector: 'node:active, node:selected', style: { 'overlay-opacity': 0.15 } },
    ],
    layout: {
      name: 'concentric',
      concentric: (n: cytoscape.NodeSingular) => 10 - (n.data('distance') as number),
      levelWidth: () => 1,
      minNodeSpacing: 18,
      animate: false,
    } as cytoscape.LayoutOptions,
  });
  cy.on('tap', 'node', (event) => {
    const href = event.target.data('href') as string;
    if (href) location.hash = href;
  });
  cy.on('mouseover', 'node', (event) => {
    container.title = event.target.data('full') as string;
    container.style.cursor = 'pointer';
  });
  cy.on('mouseout', 'node', () => {
    container.title = '';
    container.style.cursor = '';
  });
  return cy;
}
