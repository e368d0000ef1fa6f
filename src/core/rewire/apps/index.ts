/**
 * Apps found by prepare (Web Apps / Functions, Container Apps, Container Instances): read live, work
 * out the change and the pull grants their identities need; switch them over only with update-apps.
 */
import type { ConsumerClients } from '../../azure/consumer-reader.js';
import { describeError } from '../../errors.js';
import type { AppConsumer } from '../../plan/model.js';
import type { ConsumerRow } from '../model.js';
import { inspectContainerApp } from './containerapp.js';
import { inspectContainerInstance } from './containerinstance.js';
import type { AppContext, AppInspection, ApplyTools } from './model.js';
import { inspectWebApp } from './webapp.js';

export type ConsumerClientsFor = (subscriptionId: string) => ConsumerClients;

function subscriptionOfId(id: string): string {
  return /^\/subscriptions\/([^/]+)/i.exec(id)?.[1] ?? '';
}

const KIND_LABEL: Record<AppConsumer['kind'], ConsumerRow['kind']> = {
  webapp: 'Web App',
  containerapp: 'Container App',
  containerinstance: 'Container Instance',
};

function inspectOne(clients: ConsumerClients, app: AppConsumer, context: AppContext): Promise<AppInspection> {
  switch (app.kind) {
    case 'webapp':
      return inspectWebApp(clients.web, app, context);
    case 'containerapp':
      return inspectContainerApp(clients.containerApps, app, context);
    case 'containerinstance':
      return inspectContainerInstance(clients.containerInstances, app, context);
  }
}

/** Read every app; one that cannot be read is a failed row, not the end of the run. */
export async function inspectApps(
  apps: readonly AppConsumer[],
  clientsFor: ConsumerClientsFor,
  context: AppContext,
): Promise<AppInspection[]> {
  const inspections: AppInspection[] = [];
  for (const app of apps) {
    try {
      inspections.push(await inspectOne(clientsFor(subscriptionOfId(app.id)), app, context));
    } catch (error) {
      const row: ConsumerRow = {
        kind: KIND_LABEL[app.kind],
        name: app.name,
        before: app.images.join(', '),
        after: '',
        status: 'failed',
        note: describeError(error),
      };
      inspections.push({ row, grants: [] });
    }
  }
  return inspections;
}

/** Apply (update-apps), or say what would happen (dry run) or what is left to do (listed). */
export async function applyApps(
  inspections: readonly AppInspection[],
  options: { update: boolean; dryRun: boolean; tools: ApplyTools },
): Promise<ConsumerRow[]> {
  const rows: ConsumerRow[] = [];
  for (const inspection of inspections) {
    const { row, apply } = inspection;
    if (!apply || row.status !== 'unchanged') {
      rows.push(row);
    } else if (!options.update) {
      rows.push({ ...row, status: 'listed' });
    } else if (options.dryRun) {
      rows.push({ ...row, status: 'would update' });
    } else {
      try {
        await apply(options.tools);
        rows.push({ ...row, status: 'updated' });
      } catch (error) {
        rows.push({ ...row, status: 'failed', note: [row.note, describeError(error)].filter(Boolean).join(' ') });
      }
    }
  }
  return rows;
}
