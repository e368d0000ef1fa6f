/**
 * Why an inventory cannot be trusted, collected across every repository and reported at once as one
 * INVENTORY_INCOMPLETE error: a plan is never written short. Registry-supplied names are quoted
 * (JSON-escaped, truncated) so they cannot forge log lines.
 */
import { RelocationError } from '../errors.js';
import { quoteForMessage } from '../oci/names.js';

export interface Counts {
  tags: number;
  manifests: number;
}

export type RepositoryProblem =
  /** ACR's own tagCount/manifestCount (GET /acr/v1/{repo}) differ from what the listings gave. */
  | { kind: 'counts'; repository: string; reported: Counts; listed: Counts }
  /**
   * Tags one listing API shows and the other cannot explain (tags/list vs the manifests' tags), or a
   * tag on two manifests (it moved while the manifest listing was paged).
   */
  | { kind: 'tags'; repository: string; onlyInTagList: string[]; onlyInManifests: string[]; onTwoManifests: string[] }
  /** readEnabled=false on the repository or on manifests whose content the plan needs. */
  | { kind: 'unreadable'; repository: string; digests: string[] }
  /** The repository, or a manifest in it, disappeared while it was being read. */
  | { kind: 'vanished'; repository: string; detail: string }
  /** Repositories that appeared in (or left) the catalog while the inventory ran. */
  | { kind: 'catalog'; appeared: string[]; disappeared: string[] };

const MAX_LINES = 25;
const MAX_NAMES = 5;

function names(values: readonly string[]): string {
  const shown = values.slice(0, MAX_NAMES).map((v) => quoteForMessage(v));
  return values.length > MAX_NAMES ? `${shown.join(', ')} and ${values.length - MAX_NAMES} more` : shown.join(', ');
}

export function describeProblem(problem: RepositoryProblem): string {
  switch (problem.kind) {
    case 'counts': {
      const { reported: r, listed: l } = problem;
      return (
        `${quoteForMessage(problem.repository)}: the registry reports ${r.tags} tags and ${r.manifests} manifests, ` +
        `the listings gave ${l.tags} tags and ${l.manifests} manifests`
      );
    }
    case 'tags': {
      const parts = [];
      if (problem.onlyInTagList.length > 0)
        parts.push(`tags/list has ${names(problem.onlyInTagList)} but no listed manifest carries them`);
      if (problem.onlyInManifests.length > 0)
        parts.push(`manifests carry ${names(problem.onlyInManifests)} but tags/list does not show them`);
      if (problem.onTwoManifests.length > 0)
        parts.push(`${names(problem.onTwoManifests)} appeared on two manifests (moved while listed)`);
      return `${quoteForMessage(problem.repository)}: ${parts.join('; ')}`;
    }
    case 'unreadable':
      return problem.digests.length === 0
        ? `${quoteForMessage(problem.repository)}: the repository has readEnabled=false, its manifests cannot be read`
        : `${quoteForMessage(problem.repository)}: readEnabled=false on ${names(problem.digests)}, their content cannot be read`;
    case 'vanished':
      return `${quoteForMessage(problem.repository)}: ${problem.detail}`;
    case 'catalog': {
      const parts = [];
      if (problem.appeared.length > 0) parts.push(`appeared: ${names(problem.appeared)}`);
      if (problem.disappeared.length > 0) parts.push(`disappeared: ${names(problem.disappeared)}`);
      return `the catalog changed during the inventory (${parts.join('; ')})`;
    }
  }
}

function hintFor(problems: readonly RepositoryProblem[]): string {
  const kinds = new Set(problems.map((p) => p.kind));
  const hints = [];
  if (kinds.has('counts') || kinds.has('tags')) {
    hints.push(
      'Manifests and tags with listEnabled=false are left out of ACR listings: show them for the relocation ' +
        '(az acr repository update --list-enabled true) or exclude the repository.',
    );
  }
  if (kinds.has('unreadable')) {
    hints.push(
      'readEnabled=false blocks reading (and importing) content: enable reads for the relocation ' +
        '(az acr repository update --read-enabled true) or exclude the repository.',
    );
  }
  hints.push(
    'A registry being written to during prepare shows up here: pause pushes and deletes (or freeze the source) ' +
      'and run prepare again. A transient registry fault also clears on a re-run.',
  );
  return hints.join(' ');
}

export function incompleteInventory(host: string, problems: readonly RepositoryProblem[]): RelocationError {
  const lines = problems.slice(0, MAX_LINES).map((p) => `  - ${describeProblem(p)}`);
  if (problems.length > MAX_LINES) lines.push(`  - and ${problems.length - MAX_LINES} more`);
  return new RelocationError(
    'INVENTORY_INCOMPLETE',
    `The inventory of ${host} is not provably complete (${problems.length} problem(s)):\n${lines.join('\n')}`,
    hintFor(problems),
  );
}
