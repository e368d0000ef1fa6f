/**
 * verify over 1,000 tags (10 repositories × 10 images × 10 tags): every tag is checked by HEAD, not
 * compared by listing. Time and memory at scale (100,000 tags) are the benchmark's job
 * (bench/, case verify-100k), not a test's.
 */
import { writeArtifact } from '../../../emulator/src/seed/images-store.js';
import { generateImage } from '../../../emulator/src/seed/images.js';
import { verify } from '../../../src/core/commands/verify.js';
import { World } from './support/world.js';

const REPOSITORIES = 10;
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
}, 120_000);
afterAll(() => world?.stop());

it('checks every tag of every repository by digest', async () => {
  const planned = world.plan.artifacts.totals.tags;
  expect(planned).toBeGreaterThanOrEqual(REPOSITORIES * IMAGES * TAGS);
  const seq = world.emulator.requests.lastSeq();
  const { result } = await world.run(verify, 'verify', { 'max-concurrency': '16' });

  expect(result.failure).toBeUndefined();
  expect(result.outputs.verified).toBe('true');
  const requests = world.emulator.requests.list({ afterSeq: seq });
  const heads = requests.filter((e) => e.method === 'HEAD').length;
  expect(heads).toBeGreaterThanOrEqual(planned);
}, 120_000);
