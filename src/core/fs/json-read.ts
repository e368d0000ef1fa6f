/**
 * Parse a large JSON document from its bytes without ever holding its text as one string.
 *
 * Why: a plan of 100,000 tags is about 50 MB of JSON. Read as a string and given to JSON.parse, the
 * text and the objects are alive together, and a major GC that runs then sets V8's next heap limit
 * from that doubled live size — up to four times it — which showed as verify peaking at 550 MB
 * instead of 270 MB, depending only on when the collector happened to run.
 *
 * How: the caller reads the file as bytes (outside the V8 heap); containers larger than SLICE_BYTES are walked
 * member by member, everything smaller goes to JSON.parse as a small slice. The result is what
 * JSON.parse would give for the whole text (same values, last duplicate key wins, "__proto__" an
 * own property), and what is not JSON is refused as JSON.parse would refuse it.
 */
const SLICE_BYTES = 64 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;

/** `sliceBytes`: containers up to this size go to JSON.parse whole (tests lower it to walk everything). */
export function parseJsonBytes(bytes: Buffer, sliceBytes = SLICE_BYTES): unknown {
  const reader = new JsonBytes(bytes, sliceBytes);
  const start = reader.skipSpace(0);
  const end = reader.valueEnd(start);
  const value = reader.parse(start, end);
  if (reader.skipSpace(end) !== bytes.length) throw reader.unexpected(reader.skipSpace(end));
  return value;
}

class JsonBytes {
  constructor(
    private readonly bytes: Buffer,
    private readonly sliceBytes: number,
  ) {}

  skipSpace(at: number): number {
    let i = at;
    while (i < this.bytes.length) {
      const byte = this.bytes[i];
      if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) break;
      i += 1;
    }
    return i;
  }

  /** Where the value starting at `at` ends (exclusive). Structure only: JSON.parse checks the leaves. */
  valueEnd(at: number): number {
    const { bytes } = this;
    if (at >= bytes.length) throw this.unexpected(at);
    const first = bytes[at];
    if (first === QUOTE) return this.stringEnd(at);
    if (first !== 0x7b && first !== 0x5b) {
      let i = at;
      while (i < bytes.length && !isDelimiter(bytes[i]!)) i += 1;
      return i;
    }
    let depth = 0;
    for (let i = at; i < bytes.length; i += 1) {
      const byte = bytes[i];
      if (byte === QUOTE) i = this.stringEnd(i) - 1;
      else if (byte === 0x7b || byte === 0x5b) depth += 1;
      else if (byte === 0x7d || byte === 0x5d) {
        depth -= 1;
        if (depth === 0) return i + 1;
      }
    }
    throw this.unexpected(bytes.length);
  }

  parse(start: number, end: number): unknown {
    const first = this.bytes[start];
    if (end - start <= this.sliceBytes || (first !== 0x7b && first !== 0x5b)) return this.parseSlice(start, end);
    return first === 0x7b ? this.parseObject(start, end) : this.parseArray(start, end);
  }

  unexpected(at: number): SyntaxError {
    if (at >= this.bytes.length) return new SyntaxError('Unexpected end of JSON input');
    const near = this.bytes.toString('utf8', at, Math.min(at + 20, this.bytes.length));
    return new SyntaxError(`Unexpected ${JSON.stringify(near)} at byte ${at}`);
  }

  private stringEnd(at: number): number {
    const { bytes } = this;
    for (let i = at + 1; i < bytes.length; i += 1) {
      if (bytes[i] === BACKSLASH) i += 1;
      else if (bytes[i] === QUOTE) return i + 1;
    }
    throw this.unexpected(bytes.length);
  }

  private parseSlice(start: number, end: number): unknown {
    const text = this.bytes.toString('utf8', start, end);
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new SyntaxError(`${(error as Error).message} (in the value at byte ${start})`, { cause: error });
    }
  }

  /** Calls `member` for each element between the brackets at start and end - 1; returns nothing. */
  private eachMember(start: number, end: number, member: (at: number) => number): void {
    const close = end - 1;
    // valueEnd counts brackets of both kinds together: the closing one must match the opening one.
    if (this.bytes[close] !== this.bytes[start]! + 2) throw this.unexpected(close);
    let i = this.skipSpace(start + 1);
    if (i === close) return;
    for (;;) {
      i = this.skipSpace(member(i));
      if (i === close) return;
      if (this.bytes[i] !== COMMA) throw this.unexpected(i);
      i = this.skipSpace(i + 1);
    }
  }

  private parseArray(start: number, end: number): unknown[] {
    const items: unknown[] = [];
    this.eachMember(start, end, (at) => {
      const valueEnd = this.valueEnd(at);
      items.push(this.parse(at, valueEnd));
      return valueEnd;
    });
    return items;
  }

  private parseObject(start: number, end: number): Record<string, unknown> {
    const record: Record<string, unknown> = {};
    this.eachMember(start, end, (at) => {
      if (this.bytes[at] !== QUOTE) throw this.unexpected(at);
      const keyEnd = this.stringEnd(at);
      const key = this.parseSlice(at, keyEnd) as string;
      const colon = this.skipSpace(keyEnd);
      if (this.bytes[colon] !== COLON) throw this.unexpected(colon);
      const valueStart = this.skipSpace(colon + 1);
      const valueEnd = this.valueEnd(valueStart);
      // defineProperty: "__proto__" becomes an own property, as JSON.parse makes it.
      Object.defineProperty(record, key, {
        value: this.parse(valueStart, valueEnd),
        writable: true,
        enumerable: true,
        configurable: true,
      });
      return valueEnd;
    });
    return record;
  }
}

function isDelimiter(byte: number): boolean {
  return (
    byte === COMMA || byte === 0x7d || byte === 0x5d || byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09
  );
}
