/**
 * Changeable attributes in the engine (locks.ts), on fakes: applied last and only where the target
 * differs; lifted for a later run's imports and applied again; put back when a repository stays
 * incomplete; read locks as planned trusted; hidden manifests found; failures reported, not thrown.
 */
import type { Attributes, WantedAttributes } from '../../../src/core/import/attributes.js';
import { AttributeKeeper } from '../../../src/core/import/locks.js';
import { FakeAttributeStore, FakeTarget } from './support/fakes.js';
import { d, item, key, setup } from './support/engine-run.js';

const LOCKED: Attributes = { writeEnabled: false, deleteEnabled: false };

function wanted(repository: Attributes, manifests: Record<string, Attributes> = {}, name = 'app'): WantedAttributes {
  const open = { writeEnabled: true, deleteEnabled: true, readEnabled: true, listEnabled: true };
  return new Map([
    [
      name,
      {
        repository: { ...open, ...repository },
        manifests: new Map(Object.entries(manifests).map(([digest, value]) => [digest, { ...open, ...value }])),
      },
    ],
  ]);
}

function withAttributes(want: WantedAttributes) {
  let store!: FakeAttributeStore;
  const world = setup([item('1'), item('2')], {}, (target) => {
    store = new FakeAttributeStore(target);
    return { attributes: { wanted: want, store } };
  });
  return { ...world, store: () => store };
}

describe('the engine with attributes', () => {
  it('applies them after the content (manifests, then the repository), once: a re-run sends nothing', async () => {
    const { run, store, importer } = withAttributes(wanted(LOCKED, { [d('1')]: LOCKED }));
    const first = await run();
    expect(first.items.map((i) => i.status)).toEqual(['imported', 'imported']);
    expect(store().updates).toEqual([
      `app@${d('1')} writeEnabled=false, deleteEnabled=false`,
      'app writeEnabled=false, deleteEnabled=false',
    ]);
    expect(first.attributes).toMatchObject({ repositoriesUpdated: 1, manifestsUpdated: 1, lifted: 0 });
    const second = await run();
    expect(second.items.map((i) => i.status)).toEqual(['skipped', 'skipped']);
    expect(store().updates).toHaveLength(2);
    expect(importer.calls).toHaveLength(2);
  });

  it('a later run with new content lifts the repository lock, imports, and locks it again', async () => {
    const { run, store, target, importer } = withAttributes(wanted(LOCKED));
    target.put('app', [d('1')], { t1: d('1') });
    store().set('app', undefined, LOCKED);
    const report = await run();
    expect(report.items.map((i) => i.status)).toEqual(['skipped', 'imported']);
    expect(importer.calls.map((c) => c.item.digest)).toEqual([d('2')]);
    expect(store().updates).toEqual([
      'app writeEnabled=true, deleteEnabled=true',
      'app writeEnabled=false, deleteEnabled=false',
    ]);
    expect(report.attributes).toMatchObject({ lifted: 1, repositoriesUpdated: 1 });
  });

  it('a repository left incomplete gets back what was lifted, and waits', async () => {
    let store!: FakeAttributeStore;
    const { run } = setup([item('1'), item('2')], { [key('2')]: ['permanent'] }, (target) => {
      store = new FakeAttributeStore(target);
      target.put('app', [d('9')], {});
      store.set('app', undefined, LOCKED);
      return { attributes: { wanted: wanted(LOCKED), store } };
    });
    const report = await run();
    expect(report.items.map((i) => i.status)).toEqual(['imported', 'failed']);
    expect(store.updates).toEqual([
      'app writeEnabled=true, deleteEnabled=true',
      'app writeEnabled=false, deleteEnabled=false',
    ]);
    expect(report.attributes).toMatchObject({ waiting: ['app'], repositoriesUpdated: 0, lifted: 1 });
  });

  it('a manifest read-locked as planned is trusted on the listing; one locked against the plan is lifted', async () => {
    const { run, store, target } = withAttributes(wanted({}, { [d('1')]: { readEnabled: false } }));
    target.put('app', [d('1'), d('2')], { t1: d('1'), t2: d('2') });
    store().set('app', d('1'), { readEnabled: false });
    store().set('app', d('2'), { readEnabled: false });
    const report = await run();
    expect(report.items.map((i) => i.status)).toEqual(['skipped', 'skipped']);
    expect(store().updates).toEqual([`app@${d('2')} readEnabled=true`]);
    expect(report.attributes).toMatchObject({ trusted: 1, lifted: 1, manifestsUpdated: 0 });
  });

  it('finds manifests the plan wants hidden (the listing leaves them out): present, not imported again', async () => {
    const { run, store, target, importer } = withAttributes(wanted({}, { [d('2')]: { listEnabled: false } }));
    target.put('app', [d('1'), d('2')], { t1: d('1'), t2: d('2') });
    store().set('app', d('2'), { listEnabled: false });
    const readTarget = target.readTarget;
    // A listing that, like ACR's, leaves hidden manifests and their tags out.
    target.readTarget = async (repository) => {
      const state = await readTarget(repository);
      const shown = (digest: string | undefined) => digest !== d('2') && digest !== undefined;
      return {
        hasManifest: (digest) => shown(digest) && state.hasManifest(digest),
        tagDigest: (tag) => (shown(state.tagDigest(tag)) ? state.tagDigest(tag) : undefined),
      };
    };
    const report = await run();
    expect(report.items.map((i) => i.status)).toEqual(['skipped', 'skipped']);
    expect(importer.calls).toEqual([]);
    expect(store().updates).toEqual([]);
  });

  it('an update the registry refuses is reported, and the run goes on', async () => {
    const { run, store } = withAttributes(wanted(LOCKED));
    store().refuse = () => true;
    const report = await run();
    expect(report.items.map((i) => i.status)).toEqual(['imported', 'imported']);
    expect(report.attributes!.failures).toEqual([
      "app: the plan's changeable attributes could not be applied: update attributes: denied (403)",
    ]);
  });
});

describe('AttributeKeeper.unlock', () => {
  it('lifts each lock once for concurrent items, only the kinds in the way, only on present manifests', async () => {
    const target = new FakeTarget();
    target.put('app', [d('1'), d('a')], { t1: d('1') });
    const store = new FakeAttributeStore(target);
    store.set('app', undefined, { writeEnabled: false, readEnabled: false, listEnabled: false });
    store.set('app', d('a'), { deleteEnabled: false });
    const keeper = new AttributeKeeper(store, wanted({}), () => undefined);
    await keeper.observe('app');
    await keeper.unlock(item('1'), 'read');
    expect(store.updates).toEqual(['app readEnabled=true']);
    await Promise.all([
      keeper.unlock(item('2', { closure: [d('a'), d('b')] }), 'write'),
      keeper.unlock(item('3'), 'write'),
    ]);
    expect(store.updates).toEqual([
      'app readEnabled=true',
      'app writeEnabled=true',
      `app@${d('a')} deleteEnabled=true`,
    ]);
    expect(store.get('app')).toMatchObject({ listEnabled: false });
  });
});
