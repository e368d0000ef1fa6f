/**
 * A minimal, deterministic ustar writer for image layers: regular files and directories only, fixed
 * mtime/owner/mode, so the same input always yields the same bytes (and the same layer digest).
 */

export interface TarEntry {
  /** Path inside the archive, '/'-separated, no leading '/'; a trailing '/' makes a directory. */
  path: string;
  content?: Buffer;
}

const BLOCK = 512;
/** 2020-01-01T00:00:00Z: a fixed mtime keeps layers reproducible. */
const FIXED_MTIME = 1577836800;

function writeString(header: Buffer, value: string, offset: number, length: number): void {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length > length) throw new Error(`tar field too long: ${JSON.stringify(value)}`);
  bytes.copy(header, offset);
}

function writeOctal(header: Buffer, value: number, offset: number, length: number): void {
  writeString(header, `${value.toString(8).padStart(length - 1, '0')}\0`, offset, length);
}

function headerFor(entry: TarEntry, size: number): Buffer {
  const header = Buffer.alloc(BLOCK);
  const isDirectory = entry.path.endsWith('/');
  const [prefix, name] = splitPath(entry.path);
  writeString(header, name, 0, 100);
  writeOctal(header, isDirectory ? 0o755 : 0o644, 100, 8);
  writeOctal(header, 0, 108, 8); // uid
  writeOctal(header, 0, 116, 8); // gid
  writeOctal(header, size, 124, 12);
  writeOctal(header, FIXED_MTIME, 136, 12);
  header.fill(' ', 148, 156); // checksum placeholder while summing
  writeString(header, isDirectory ? '5' : '0', 156, 1);
  writeString(header, 'ustar\0', 257, 6);
  writeString(header, '00', 263, 2);
  writeString(header, 'root', 265, 32);
  writeString(header, 'root', 297, 32);
  writeString(header, prefix, 345, 155);
  const checksum = header.reduce((sum, byte) => sum + byte, 0);
  writeString(header, `${checksum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  return header;
}

/** ustar splits long paths into a 155-byte prefix and a 100-byte name at a '/'. */
function splitPath(path: string): [string, string] {
  if (Buffer.byteLength(path) <= 100) return ['', path];
  const cut = path.lastIndexOf('/', path.length - 2);
  if (cut <= 0) throw new Error(`tar path too long: ${JSON.stringify(path)}`);
  return [path.slice(0, cut), path.slice(cut + 1)];
}

/** The archive bytes (uncompressed), ending with the two zero blocks tar requires. */
export function tarArchive(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const content = entry.path.endsWith('/') ? Buffer.alloc(0) : (entry.content ?? Buffer.alloc(0));
    parts.push(headerFor(entry, content.length), content);
    const padding = (BLOCK - (content.length % BLOCK)) % BLOCK;
    if (padding > 0) parts.push(Buffer.alloc(padding));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}
