/**
 * Publishing the rewritten files as a pull request. Core describes the change; the host publishes it
 * (GitHub through @actions/github, Azure Repos through its REST API), because only the host knows
 * its repository, token and API. A host without one (the CLI) cannot open a pull request.
 */
import { RelocationError } from '../errors.js';

export interface PullRequestFile {
  /** Repository-relative path with `/` separators (the workspace is the repository checkout). */
  path: string;
  content: string;
  executable: boolean;
}

export interface PullRequestRequest {
  /** Branch to commit to (created, or moved on a re-run). */
  branch: string;
  title: string;
  /** Markdown; publishers shorten it to what their service accepts. */
  body: string;
  commitMessage: string;
  files: PullRequestFile[];
}

export interface PullRequestResult {
  url: string;
  /** created: a new pull request; updated: the one from an earlier run, with a new commit or text. */
  action: 'created' | 'updated';
  /** The branch already held exactly these files: no commit was made. */
  unchangedBranch: boolean;
}

/** Commits files on a branch and opens (or updates) the pull request for it. Implemented by hosts. */
export interface PullRequestPublisher {
  /** Where pull requests go, for messages ("GitHub contoso/shop"). */
  describe(): string;
  publish(request: PullRequestRequest): Promise<PullRequestResult>;
}

/** One branch per relocation: a re-run finds it (and its pull request) again. */
export function branchFor(relocationId: string): string {
  return `acr-relocate/rewire-${relocationId.replace(/[^A-Za-z0-9._-]/g, '-')}`;
}

export function requirePublisher(
  publisher: PullRequestPublisher | undefined,
  hostName: string,
  label: string,
): PullRequestPublisher {
  if (publisher) return publisher;
  throw new RelocationError(
    'INPUT_INVALID',
    `${label} is not available on the ${hostName} host: it has no pull request service to talk to.`,
    `Run without ${label} (the files are rewritten in the working tree; commit them yourself), or run the GitHub Action or the Azure Pipelines task.`,
  );
}

/** Cut a body to `max` characters at a line break, saying that it was cut. */
export function shortenBody(body: string, max: number): string {
  if (body.length <= max) return body;
  const note = '\n\n… (shortened; the full diff is in the run summary)';
  const room = body.slice(0, Math.max(0, max - note.length));
  const cut = room.lastIndexOf('\n');
  return `${cut > 0 ? room.slice(0, cut) : room}${note}`;
}
