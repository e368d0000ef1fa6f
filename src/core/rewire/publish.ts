/** The rewritten files as report rows, and as a pull request through the host's publisher. */
import type { Host } from '../../hosts/host.js';
import type { RelocationPlan } from '../plan/model.js';
import type { ConsumerRow } from './model.js';
import { branchFor, type PullRequestPublisher } from './pull-request.js';
import { pullRequestBody, type RewireReport } from './summary.js';

export function fileRows(report: RewireReport): ConsumerRow[] {
  return report.files.changes.map((c) => ({
    kind: 'File',
    name: c.path,
    before: `${c.replaced} reference(s) to ${report.endpoints.source.loginServer}`,
    after: report.endpoints.target.loginServer,
    status: report.dryRun ? 'would update' : 'updated',
  }));
}

/** Commit the rewrite on the relocation's branch and open (or update) its pull request; a dry run only says so. */
export async function publishFiles(
  host: Host,
  publisher: PullRequestPublisher,
  plan: RelocationPlan,
  report: RewireReport,
): Promise<ConsumerRow> {
  const branch = branchFor(plan.relocationId);
  if (report.dryRun)
    return { kind: 'Pull request', name: branch, before: '', after: publisher.describe(), status: 'would create' };
  const { source, target } = report.endpoints;
  const title = `Pull images from ${target.loginServer} instead of ${source.loginServer}`;
  const result = await publisher.publish({
    branch,
    title,
    body: pullRequestBody(report, plan.relocationId),
    commitMessage: `${title}\n\nacr-relocate relocation ${plan.relocationId}`,
    files: report.files.changes.map((c) => ({ path: c.path, content: c.content, executable: c.executable })),
  });
  report.pullRequest = result;
  host.info(`Pull request ${result.action}: ${result.url}`);
  return {
    kind: 'Pull request',
    name: branch,
    before: '',
    after: result.url,
    status: result.action === 'created' ? 'created' : 'updated',
  };
}
