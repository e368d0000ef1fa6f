/**
 * verify at 10,000 tags (100 repositories × 10 images × 10 tags): every tag checked by HEAD with
 * bounded concurrency, in bounded memory. Prints the figures (time, requests, heap) for bench/.
 */
import { writeArtifact } from '../../../emulator/src/seed/images-store.js';
import { generateImage } from '../../../emulator/src/seed/images.js';
import { verify } from '../../../src/core/commands/verify.js';
import { World } from './support/world.js';

const REPOSITORIES = 100;
const IMAGES = 10;
const TAGS = 10;

let world: World;

beforeAll(async () => {
  world = await World.start({}, (w) => {
    for (let r = 0; r < REPOSITORIES; r += 1) {
      for (let i = 0; i < IMAGES; i += 1) {
        const tags = Array.from({ length: TAGS }, (_, t) => `v${i}.${t}`);
        writeArtifact(w.source.store, `scale/repo-${r}`, generateImage(`scale-${r}-${i}`, { appBytes: 16 }), tags);
      }
    }
  });
  await world.relocate();
}, 300_000);
afterAll(() => world?.stop());

it('verifies 10,000 tags with bounded concurrency and memory', async () => {
  const planned = world.plan.artifacts.totals.tags;
  expect(planned).toBeGreaterThanOrEqual(REPOSITORIES * IMAGES * TAGS);
  const seq = world.emulator.requests.lastSeq();
  let peakHeap = 0;
  const baseline = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed - baseline)), 20);
  const started = Date.now();
  const { result } = await world.run(verify, 'verify', { 'max-concurrency': '16' });
  const seconds = (Date.now() - started) / 1000;
  clearInterval(sampler);

  expect(result.failure).toBeUndefined();
  expect(result.outputs.verified).toBe('true');
  const requests = world.emulator.requests.list({ afterSeq: seq });
  const heads = requests.filter((e) => e.method === 'HEAD').length;
  console.log(
    `verify scale: ${planned} tags, ${world.plan.artifacts.totals.manifests} manifests, ${REPOSITORIES} repositories: ` +
      `${seconds.toFixed(1)} s, ${requests.length} requests (${heads} HEAD), heap growth peak ${(peakHeap / 2 ** 20).toFixed(0)} MiB`,
  );
  expect(heads).toBeGreaterThanOrEqual(planned);
  expect(peakHeap).toBeLessThan(300 * 2 ** 20);
}, 300_000);
