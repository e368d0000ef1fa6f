/**
 * The target's changeable attributes across one import run: applied LAST, and lifted while the run
 * still has to write into something they lock.
 *
 * - observe(): per repository, next to the engine's one listing: the repository's attributes (one
 *   GET) and the manifests' (from the listing, plus one read per manifest the plan wants hidden: a
 *   hidden manifest is in the target although the listing leaves it out).
 * - Locks only get in the way of a run that still has work in a repository whose attributes an
 *   earlier run applied (new content, a crash, include-tags widened): writeEnabled/deleteEnabled=false
 *   refuse the import, readEnabled=false the verification. unlock() lifts exactly those, on the
 *   repository and on the item's manifests, right before the first import or verification that needs
 *   it, once, remembering the previous values.
 * - A present item whose verification a wanted read lock refuses (readEnabled=false as the plan says,
 *   already in the target) is trusted on the listing's word: attributes are applied only after the
 *   repository verified complete, so the applied lock stands for that verification.
 * - finish(): once every item of a repository made it, the wanted values are written where the
 *   target differs (manifests first, the repository last: a locked repository may refuse changes
 *   below it). Nothing differs on a re-run, so it sends no PATCH. When some item did not make it,
 *   the lifted locks are put back and the repository waits for a run that completes it.
 */
import { mapWithLimit } from '../util/pool.js';
import {
  describe,
  differing,
  isEmpty,
  type AttributeKey,
  type Attributes,
  type AttributeStore,
  type WantedAttributes,
} from './attributes.js';
import type { ItemResult, WorkItem } from './model.js';

const READ_LOCKS: readonly AttributeKey[] = ['readEnabled'];
const WRITE_LOCKS: readonly AttributeKey[] = ['writeEnabled', 'deleteEnabled', 'readEnabled'];
/** Key of the repository itself among its attribute holders (manifests are keyed by digest). */
const REPOSITORY = '';

export interface AttributeReport {
  /** Repositories and manifests this run gave the plan's attributes. */
  repositoriesUpdated: number;
  manifestsUpdated: number;
  /** Locks lifted so that this run could import or verify (put back, or replaced by the plan's). */
  lifted: number;
  /** Present items trusted on the listing's word because a read lock the plan wants refuses reading them. */
  trusted: number;
  /** Repositories whose attributes wait for their content (some item did not make it). */
  waiting: string[];
  /** Why the attributes of a repository could not be applied. */
  failures: string[];
}

interface Tracked {
  /** undefined: the target has no such repository (yet). */
  repository: Attributes | undefined;
  manifests: Map<string, Attributes>;
  /** Values before this run lifted them, by holder (REPOSITORY or a digest). */
  lifted: Map<string, Attributes>;
  /** One lift at a time per holder. */
  chains: Map<string, Promise<void>>;
}

/** What observe() found that the listing did not show: hidden manifests and their tags. */
export interface Hidden {
  digests: Set<string>;
  tags: Map<string, string>;
}

const OK = (r: ItemResult) => r.status === 'imported' || r.status === 'skipped';

export class AttributeKeeper {
  private readonly tracked = new Map<string, Tracked>();
  private readonly counts: AttributeReport = {
    repositoriesUpdated: 0,
    manifestsUpdated: 0,
    lifted: 0,
    trusted: 0,
    waiting: [],
    failures: [],
  };

  constructor(
    private readonly store: AttributeStore,
    private readonly wanted: WantedAttributes,
    private readonly log: (message: string) => void,
    private readonly concurrency = 8,
  ) {}

  /** The target's attributes of one repository; `listed` comes with the engine's listing. */
  async observe(repository: string, listed?: ReadonlyMap<string, Attributes>): Promise<Hidden> {
    const hidden: Hidden = { digests: new Set(), tags: new Map() };
    const current = await this.store.repository(repository);
    const manifests = new Map<string, Attributes>();
    if (current) {
      for (const [digest, attributes] of listed ?? (await this.store.listed(repository))) {
        manifests.set(digest, { ...attributes });
      }
      await this.probe(repository, manifests, this.wantedHidden(repository, manifests), hidden);
    }
    this.tracked.set(repository, {
      repository: current && { ...current },
      manifests,
      lifted: new Map(),
      chains: new Map(),
    });
    return hidden;
  }

  /** Whether a present item is to be trusted without reading it (see the file comment). */
  trusts(item: WorkItem): boolean {
    const tracked = this.tracked.get(item.repository);
    const wanted = this.wanted.get(item.repository);
    if (!tracked || !wanted) return false;
    const lockedAsWanted = (current?: Attributes, want?: Attributes) =>
      current?.readEnabled === false && want?.readEnabled === false;
    const trusted =
      lockedAsWanted(tracked.repository, wanted.repository) ||
      [item.digest, ...item.closure].some((d) => lockedAsWanted(tracked.manifests.get(d), wanted.manifests.get(d)));
    if (trusted) this.counts.trusted += 1;
    return trusted;
  }

  /** Lift what would refuse reading ('read') or importing and verifying ('write') the item. */
  async unlock(item: WorkItem, purpose: 'read' | 'write'): Promise<void> {
    const tracked = this.tracked.get(item.repository);
    if (!tracked) return;
    const blocking = purpose === 'read' ? READ_LOCKS : WRITE_LOCKS;
    await this.lift(item.repository, tracked, REPOSITORY, blocking);
    for (const digest of [item.digest, ...item.closure]) {
      if (tracked.manifests.has(digest)) await this.lift(item.repository, tracked, digest, blocking);
    }
  }

  /** Every item of the repository is settled: apply the plan's attributes, or wait for completeness. */
  async finish(repository: string, items: readonly WorkItem[], results: readonly ItemResult[]): Promise<void> {
    try {
      if (!results.every(OK)) {
        await this.restore(repository);
        this.counts.waiting.push(repository);
        return;
      }
      const wanted = this.wanted.get(repository);
      if (!wanted) return;
      const tracked = await this.current(repository, items, results);
      if (!tracked.repository) return; // nothing of it in the target: nothing to lock
      const changes = [...wanted.manifests].flatMap(([digest, want]) => {
        const current = tracked.manifests.get(digest);
        const change = current ? differing(want, current) : {};
        return isEmpty(change) ? [] : [{ digest, current: current!, change }];
      });
      await mapWithLimit(changes, this.concurrency, async ({ digest, current, change }) => {
        await this.store.update(repository, digest, change);
        Object.assign(current, change);
        this.counts.manifestsUpdated += 1;
      });
      const change = differing(wanted.repository, tracked.repository);
      if (isEmpty(change)) return;
      await this.store.update(repository, undefined, change);
      Object.assign(tracked.repository, change);
      this.counts.repositoriesUpdated += 1;
      this.log(`${repository}: applied the plan's attributes (${describe(change)})`);
    } catch (error) {
      this.counts.failures.push(
        `${repository}: the plan's changeable attributes could not be applied: ${(error as Error).message}`,
      );
    }
  }

  report(): AttributeReport {
    return { ...this.counts, waiting: [...this.counts.waiting].sort(), failures: [...this.counts.failures] };
  }

  /** Manifests the plan wants hidden that the listing (rightly) did not show. */
  private wantedHidden(repository: string, listed: ReadonlyMap<string, Attributes>): string[] {
    const wanted = this.wanted.get(repository)?.manifests ?? new Map<string, Attributes>();
    return [...wanted].filter(([digest, want]) => want.listEnabled === false && !listed.has(digest)).map(([d]) => d);
  }

  private async probe(repository: string, into: Map<string, Attributes>, digests: string[], hidden?: Hidden) {
    await mapWithLimit(digests, this.concurrency, async (digest) => {
      const found = await this.store.manifest(repository, digest);
      if (!found) return;
      into.set(digest, { ...found.attributes });
      hidden?.digests.add(digest);
      for (const tag of found.tags) hidden?.tags.set(tag, digest);
    });
  }

  /**
   * The target's attributes now. Unchanged since observe() unless this run imported into the
   * repository (new manifests, maybe a new repository): then read again.
   */
  private async current(repository: string, items: readonly WorkItem[], results: readonly ItemResult[]) {
    const known = this.tracked.get(repository);
    if (known && !results.some((r) => r.status === 'imported')) return known;
    const current = known?.repository ?? (await this.store.repository(repository));
    const manifests = current ? await this.store.listed(repository) : new Map<string, Attributes>();
    // Hidden ones do not list: those the plan wants hidden, and those this run verified present.
    const verified = items.flatMap((item) => [item.digest, ...item.closure]);
    const unlisted = [...new Set([...this.wantedHidden(repository, manifests), ...verified])].filter(
      (digest) => !manifests.has(digest),
    );
    if (current) await this.probe(repository, manifests, unlisted);
    const tracked: Tracked = {
      repository: current && { ...current },
      manifests,
      lifted: known?.lifted ?? new Map(),
      chains: known?.chains ?? new Map(),
    };
    this.tracked.set(repository, tracked);
    return tracked;
  }

  private lift(repository: string, tracked: Tracked, holder: string, blocking: readonly AttributeKey[]) {
    const next = (tracked.chains.get(holder) ?? Promise.resolve()).then(() =>
      this.liftNow(repository, tracked, holder, blocking),
    );
    tracked.chains.set(
      holder,
      next.catch(() => undefined),
    );
    return next;
  }

  private async liftNow(repository: string, tracked: Tracked, holder: string, blocking: readonly AttributeKey[]) {
    const current = holder === REPOSITORY ? tracked.repository : tracked.manifests.get(holder);
    const locks = blocking.filter((key) => current?.[key] === false);
    if (!current || locks.length === 0) return;
    const open: Attributes = Object.fromEntries(locks.map((key) => [key, true]));
    await this.store.update(repository, holder === REPOSITORY ? undefined : holder, open);
    const before = tracked.lifted.get(holder) ?? {};
    for (const key of locks) before[key] ??= false;
    tracked.lifted.set(holder, before);
    Object.assign(current, open);
    this.counts.lifted += 1;
    this.log(
      `${repository}${holder === REPOSITORY ? '' : `@${holder}`}: lifted ${describe(open)} for this run; the plan's attributes are applied again once the repository is complete`,
    );
  }

  /** Put back what this run lifted (manifests first, the repository last). */
  private async restore(repository: string): Promise<void> {
    const tracked = this.tracked.get(repository);
    if (!tracked || tracked.lifted.size === 0) return;
    const holders = [...tracked.lifted].sort(([a], [b]) => (a === REPOSITORY ? 1 : b === REPOSITORY ? -1 : 0));
    for (const [holder, before] of holders) {
      await this.store.update(repository, holder === REPOSITORY ? undefined : holder, before);
      const current = holder === REPOSITORY ? tracked.repository : tracked.manifests.get(holder);
      if (current) Object.assign(current, before);
    }
    tracked.lifted.clear();
    this.log(`${repository}: incomplete; the locks lifted for this run were put back`);
  }
}
