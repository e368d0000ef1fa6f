/**
 * Mermaid flowcharts for summaries (GitHub and Azure DevOps render ```mermaid blocks).
 * Labels come from Azure, so they are quoted and every character that could end the label
 * or start Mermaid syntax is replaced by an entity.
 */
export interface GraphNode {
  id: string;
  label: string;
  shape?: 'box' | 'round' | 'cylinder';
}

export interface GraphEdge {
  from: string;
  to: string;
  label?: string;
}

export function mermaidLabel(text: string): string {
  return text.replace(/\r\n|\r|\n/g, ' ').replace(/["<>&#`|[\]{}()]/g, (c) => `#${c.charCodeAt(0)};`);
}

/** Node ids are ours, but derive them safely anyway: only [A-Za-z0-9_]. */
export function mermaidId(text: string): string {
  return text.replace(/[^A-Za-z0-9_]/g, '_');
}

function node(n: GraphNode): string {
  const label = `"${mermaidLabel(n.label)}"`;
  const id = mermaidId(n.id);
  switch (n.shape) {
    case 'round':
      return `${id}(${label})`;
    case 'cylinder':
      return `${id}[(${label})]`;
    default:
      return `${id}[${label}]`;
  }
}

export function flowchart(
  nodes: readonly GraphNode[],
  edges: readonly GraphEdge[],
  direction: 'LR' | 'TD' = 'LR',
): string {
  const lines = [`flowchart ${direction}`, ...nodes.map((n) => `  ${node(n)}`)];
  for (const edge of edges) {
    const label = edge.label ? `|"${mermaidLabel(edge.label)}"|` : '';
    lines.push(`  ${mermaidId(edge.from)} -->${label} ${mermaidId(edge.to)}`);
  }
  return ['```mermaid', ...lines, '```'].join('\n');
}
