/**
 * IPv4 address ranges as Azure virtual networks use them: CIDR prefixes, containment and overlap (a
 * subnet must lie inside its VNet's address space and not overlap a sibling), and dynamic allocation
 * of private addresses, skipping what Azure reserves in every subnet (the network address, the next
 * three for the gateway and Azure DNS, and the broadcast address).
 */

export interface Cidr {
  /** First address as an unsigned 32-bit number. */
  start: number;
  /** Number of addresses in the range. */
  size: number;
  text: string;
}

const OCTETS = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function parseIp(text: string): number | undefined {
  const match = OCTETS.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1).map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  return octets.reduce((n, o) => n * 256 + o, 0);
}

export function formatIp(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** A CIDR prefix whose address is the network address itself ("10.0.0.0/16"), else undefined. */
export function parseCidr(text: string): Cidr | undefined {
  const [address = '', bitsText, ...rest] = text.split('/');
  if (rest.length > 0 || bitsText === undefined || !/^\d{1,2}$/.test(bitsText)) return undefined;
  const bits = Number(bitsText);
  const start = parseIp(address);
  if (start === undefined || bits > 32) return undefined;
  const size = 2 ** (32 - bits);
  if (start % size !== 0) return undefined;
  return { start, size, text };
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  return inner.start >= outer.start && inner.start + inner.size <= outer.start + outer.size;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.start < b.start + b.size && b.start < a.start + a.size;
}

/** Azure keeps the first four addresses and the last one of every subnet for itself. */
const RESERVED_AT_START = 4;

/** The lowest address of `range` Azure may hand out that is not in `used`; undefined when full. */
export function firstFreeAddress(range: Cidr, used: ReadonlySet<string>): string | undefined {
  for (let offset = RESERVED_AT_START; offset < range.size - 1; offset++) {
    const candidate = formatIp(range.start + offset);
    if (!used.has(candidate)) return candidate;
  }
  return undefined;
}
