/**
 * Small pieces of text (a serialiser's tokens) gathered into blocks of about `size` characters for
 * `flush`: one hash update or file write per piece would cost more than the work itself, one for
 * the whole text would hold it all in memory.
 */
export class TextBlocks {
  private pieces: string[] = [];
  private length = 0;

  constructor(
    private readonly size: number,
    private readonly flush: (block: string) => void,
  ) {}

  add(piece: string): void {
    this.pieces.push(piece);
    this.length += piece.length;
    if (this.length >= this.size) this.end();
  }

  /** Flush what is gathered (call once more after the last piece). */
  end(): void {
    if (this.pieces.length > 0) this.flush(this.pieces.join(''));
    this.pieces = [];
    this.length = 0;
  }
}
