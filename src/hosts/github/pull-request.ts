/**
 * Pull requests on GitHub through @actions/github (Octokit REST). The commit is built with the git
 * data API (blobs, a tree on top of the checked-out commit, a commit), so no git binary or clone is
 * needed; the branch is created or moved to it, and the pull request opened or updated. A re-run
 * finds the same branch and pull request; when the branch already holds exactly these files no new
 * commit is made.
 *
 * Token: the github-token input (default `${{ github.token }}`) with `contents: write` and
 * `pull-requests: write`. Repository: GITHUB_REPOSITORY. API: GITHUB_API_URL (GitHub Enterprise,
 * tests). Parent commit: GITHUB_SHA, the commit the working tree was checked out at.
 */
import { getOctokit } from '@actions/github';
import { RelocationError } from '../../core/errors.js';
import {
  shortenBody,
  type PullRequestPublisher,
  type PullRequestRequest,
  type PullRequestResult,
} from '../../core/rewire/pull-request.js';

type Env = Readonly<Record<string, string | undefined>>;
type Octokit = ReturnType<typeof getOctokit>;

/** GitHub accepts 65,536 characters in a pull request body. */
const MAX_BODY = 65_000;

/** A type alias (not an interface) so it fits Octokit's index-signature parameters. */
type Repo = { owner: string; repo: string };

interface TreeEntry {
  path: string;
  mode: '100644' | '100755';
  type: 'blob';
  sha: string;
}

function gitHubError(error: unknown, what: string): RelocationError {
  const status = (error as { status?: number })?.status;
  const message = error instanceof Error ? error.message : String(error);
  if (status === 401 || status === 403) {
    return new RelocationError(
      'FORBIDDEN',
      `${what}: GitHub refused (HTTP ${status}): ${message}`,
      'Give the job `permissions: contents: write, pull-requests: write`, and allow GitHub Actions to create pull requests (repository or organization Settings > Actions > General), or pass a token that may.',
      { cause: error },
    );
  }
  return new RelocationError(
    'REMOTE_ERROR',
    `${what} failed${status ? ` (HTTP ${status})` : ''}: ${message}`,
    'Retry; if it persists, check githubstatus.com.',
    { cause: error },
  );
}

async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw gitHubError(error, what);
  }
}

async function callOrMissing<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (error) {
    if ((error as { status?: number })?.status === 404) return undefined;
    throw gitHubError(error, what);
  }
}

export class GitHubPullRequests implements PullRequestPublisher {
  constructor(
    private readonly token: () => string | undefined,
    private readonly env: Env,
  ) {}

  describe(): string {
    return `GitHub ${this.env.GITHUB_REPOSITORY ?? '(unknown repository)'}`;
  }

  async publish(request: PullRequestRequest): Promise<PullRequestResult> {
    const { octokit, repo } = this.connect();
    const base = await this.baseBranch(octokit, repo);
    const parent =
      this.env.GITHUB_SHA ||
      (await call(`Reading branch ${base}`, () => octokit.rest.git.getRef({ ...repo, ref: `heads/${base}` }))).data
        .object.sha;
    const tree = await this.createTree(octokit, repo, parent, request);
    const unchangedBranch = await this.moveBranch(octokit, repo, request, parent, tree);
    const existing = await call('Looking for the pull request', () =>
      octokit.rest.pulls.list({ ...repo, state: 'open', head: `${repo.owner}:${request.branch}`, per_page: 10 }),
    );
    const body = shortenBody(request.body, MAX_BODY);
    const open = existing.data[0];
    if (open) {
      await call(`Updating pull request #${open.number}`, () =>
        octokit.rest.pulls.update({ ...repo, pull_number: open.number, title: request.title, body }),
      );
      return { url: open.html_url, action: 'updated', unchangedBranch };
    }
    const created = await call('Opening the pull request', () =>
      octokit.rest.pulls.create({ ...repo, head: request.branch, base, title: request.title, body }),
    );
    return { url: created.data.html_url, action: 'created', unchangedBranch };
  }

  private connect(): { octokit: Octokit; repo: Repo } {
    const token = this.token();
    if (!token) {
      throw new RelocationError(
        'INPUT_MISSING',
        'github-token is empty: a pull request needs a token.',
        'Leave github-token at its default (${{ github.token }}) or pass a token with contents: write and pull-requests: write.',
      );
    }
    const [owner, repo] = (this.env.GITHUB_REPOSITORY ?? '').split('/');
    if (!owner || !repo) {
      throw new RelocationError(
        'INPUT_INVALID',
        'GITHUB_REPOSITORY is not set: not running in a GitHub Actions job?',
        'Run the action in a workflow job, or run without open-pull-request.',
      );
    }
    const octokit = getOctokit(token, { baseUrl: this.env.GITHUB_API_URL || 'https://api.github.com' });
    return { octokit, repo: { owner, repo } };
  }

  /** The branch the pull request goes into: the pull request's base, the pushed branch, or the default. */
  private async baseBranch(octokit: Octokit, repo: Repo): Promise<string> {
    if (this.env.GITHUB_BASE_REF) return this.env.GITHUB_BASE_REF;
    const ref = this.env.GITHUB_REF ?? '';
    if (ref.startsWith('refs/heads/')) return ref.slice('refs/heads/'.length);
    const info = await call('Reading the repository', () => octokit.rest.repos.get(repo));
    return info.data.default_branch;
  }

  private async createTree(octokit: Octokit, repo: Repo, parent: string, request: PullRequestRequest): Promise<string> {
    const commit = await call(`Reading commit ${parent}`, () =>
      octokit.rest.git.getCommit({ ...repo, commit_sha: parent }),
    );
    const entries: TreeEntry[] = [];
    for (const file of request.files) {
      const blob = await call(`Uploading ${file.path}`, () =>
        octokit.rest.git.createBlob({
          ...repo,
          content: Buffer.from(file.content, 'utf8').toString('base64'),
          encoding: 'base64',
        }),
      );
      entries.push({ path: file.path, mode: file.executable ? '100755' : '100644', type: 'blob', sha: blob.data.sha });
    }
    const tree = await call('Creating the tree', () =>
      octokit.rest.git.createTree({ ...repo, base_tree: commit.data.tree.sha, tree: entries }),
    );
    return tree.data.sha;
  }

  /** Point the branch at a commit of `tree` (true when it already held it: nothing to commit). */
  private async moveBranch(
    octokit: Octokit,
    repo: Repo,
    request: PullRequestRequest,
    parent: string,
    tree: string,
  ): Promise<boolean> {
    const ref = `heads/${request.branch}`;
    const current = await callOrMissing(`Reading branch ${request.branch}`, () =>
      octokit.rest.git.getRef({ ...repo, ref }),
    );
    if (current) {
      const head = await call(`Reading commit ${current.data.object.sha}`, () =>
        octokit.rest.git.getCommit({ ...repo, commit_sha: current.data.object.sha }),
      );
      if (head.data.tree.sha === tree) return true;
    }
    const commit = await call('Creating the commit', () =>
      octokit.rest.git.createCommit({ ...repo, message: request.commitMessage, tree, parents: [parent] }),
    );
    const sha = commit.data.sha;
    if (current)
      await call(`Moving branch ${request.branch}`, () =>
        octokit.rest.git.updateRef({ ...repo, ref, sha, force: true }),
      );
    else
      await call(`Creating branch ${request.branch}`, () =>
        octokit.rest.git.createRef({ ...repo, ref: `refs/${ref}`, sha }),
      );
    return false;
  }
}
