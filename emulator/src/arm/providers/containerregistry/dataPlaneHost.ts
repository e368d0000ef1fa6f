/**
 * One HTTPS listener per registry, serving that registry's data plane (emulator/src/acr) at its login
 * server 127.0.0.1:<port>. Registries share one blob pool; each has its own content index under
 * <stateDir>/acr/registries/<name>. A restart reopens every stored registry, on its previous port when
 * that port is still free.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FaultHook, RegistryControl, RequestLogger } from '../../../shared/contract.js';
import { BlobPool, RegistryStore, createDataPlaneHandler } from '../../../acr/index.js';
import { listenHttps, listenHttpsPreferring, type HttpsListener } from '../../../http/server.js';
import type { TlsMaterial } from '../../../tls/ca.js';
import type { ResourceStore } from '../../store.js';
import { createRegistryControl, type RegistryControlDeps } from './registryControl.js';

export interface RegistryRuntime {
  name: string;
  resourceId: string;
  loginServer: string;
  listener: HttpsListener;
  store: RegistryStore;
  control: RegistryControl;
}

export interface DataPlaneHostDeps extends RegistryControlDeps {
  stateDir: string;
  tls: () => TlsMaterial;
  log: RequestLogger;
  faults: FaultHook;
  store: ResourceStore;
}

export class DataPlaneHost {
  private readonly runtimes = new Map<string, RegistryRuntime>();
  private blobPool?: BlobPool;

  constructor(private readonly deps: DataPlaneHostDeps) {}

  get(name: string): RegistryRuntime | undefined {
    return this.runtimes.get(name.toLowerCase());
  }

  all(): RegistryRuntime[] {
    return [...this.runtimes.values()];
  }

  /** Starts (or returns) the data plane of a registry; remembers its port and token secret in ARM state. */
  async open(registryId: string, name: string): Promise<RegistryRuntime> {
    const key = name.toLowerCase();
    const running = this.runtimes.get(key);
    if (running) return running;
    const internal = this.deps.store.get(registryId)?.internal ?? {};
    const tokenSecret =
      typeof internal.tokenSecret === 'string' ? internal.tokenSecret : randomBytes(32).toString('hex');
    let loginServer = '';
    const control = createRegistryControl(this.deps, registryId, name, () => loginServer);
    const store = RegistryStore.open({ dir: this.registryDir(key), blobPool: this.pool() });
    const handler = createDataPlaneHandler(control, store, {
      log: this.deps.log,
      fault: this.deps.faults,
      tokenSecret: Buffer.from(tokenSecret, 'hex'),
    });
    const onError = (
      _err: unknown,
      _req: unknown,
      res: { headersSent: boolean; destroy(): void; writeHead(s: number): void; end(): void },
    ) => {
      if (res.headersSent) res.destroy();
      else {
        res.writeHead(500);
        res.end();
      }
    };
    const preferred = typeof internal.port === 'number' ? internal.port : undefined;
    const listener = preferred
      ? await listenHttpsPreferring(this.deps.tls(), handler, onError, preferred)
      : await listenHttps(this.deps.tls(), handler, onError);
    loginServer = `127.0.0.1:${listener.port}`;
    this.deps.store.update(registryId, (r) => {
      r.internal = { ...r.internal, port: listener.port, tokenSecret };
      r.body.properties = { ...(r.body.properties as object), loginServer };
    });
    const runtime = { name: key, resourceId: registryId, loginServer, listener, store, control };
    this.runtimes.set(key, runtime);
    return runtime;
  }

  /** Stops a registry's listener; with `wipe`, also deletes its content index (registry deleted). */
  async close(name: string, wipe: boolean): Promise<void> {
    const key = name.toLowerCase();
    const runtime = this.runtimes.get(key);
    this.runtimes.delete(key);
    if (runtime) {
      await runtime.listener.close();
      runtime.store.close();
    }
    if (wipe) rmSync(this.registryDir(key), { recursive: true, force: true });
  }

  async closeAll(): Promise<void> {
    for (const name of [...this.runtimes.keys()]) await this.close(name, false);
  }

  /** Bytes of the distinct manifests and blobs a registry holds (listUsages "Size"). */
  sizeOf(name: string): number {
    const store = this.get(name)?.store;
    if (!store) return 0;
    const sizes = new Map<string, number>();
    for (const repo of store.listRepositories()) {
      for (const manifest of store.listManifests(repo)) {
        sizes.set(manifest.digest, manifest.size);
        for (const digest of [manifest.configDigest, ...manifest.layers]) {
          if (digest) sizes.set(digest, store.blobSize(digest) ?? 0);
        }
      }
    }
    return [...sizes.values()].reduce((a, b) => a + b, 0);
  }

  private pool(): BlobPool {
    this.blobPool ??= new BlobPool(join(this.deps.stateDir, 'acr', 'blobs'));
    return this.blobPool;
  }

  private registryDir(name: string): string {
    return join(this.deps.stateDir, 'acr', 'registries', name);
  }
}
