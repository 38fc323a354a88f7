// The IDX format (LeCun's MNIST files, and Fashion-MNIST's): decoded incrementally from byte
// chunks, so the platform adapter can hand over a file (gunzipped or not) piece by piece and the
// core never needs a file system. Pure: no Node API.
//
// Layout: 4 magic bytes 00 00 TT DD (TT the element type, DD the number of dimensions), DD
// big-endian uint32 sizes, then the elements in row-major order, big-endian. The first dimension
// counts the records (images, labels); the others make up one record.

export type IdxType = 'ubyte' | 'byte' | 'short' | 'int' | 'float' | 'double';

const TYPES: Readonly<Record<number, { type: IdxType; bytes: number }>> = {
  0x08: { type: 'ubyte', bytes: 1 },
  0x09: { type: 'byte', bytes: 1 },
  0x0b: { type: 'short', bytes: 2 },
  0x0c: { type: 'int', bytes: 4 },
  0x0d: { type: 'float', bytes: 4 },
  0x0e: { type: 'double', bytes: 8 },
};

export interface IdxData {
  readonly type: IdxType;
  /** All dimensions; dims[0] is the number of records. */
  readonly dims: readonly number[];
  readonly records: number;
  /** Elements per record (the product of dims[1…]; 1 for a label file). */
  readonly recordSize: number;
  /** Every element as a number, record after record (ubyte files keep their bytes). */
  readonly values: Uint8Array | Float64Array;
}

export type IdxResult = { readonly ok: true; readonly idx: IdxData } | { readonly ok: false; readonly error: string };

/** Incremental decoder: `push` chunks in order, then `finish`. Stops at the first error. */
export class IdxDecoder {
  private header = new Uint8Array(4 + 4 * 255);
  private headerLength = 0;
  private dims?: number[];
  private elementBytes = 1;
  private type: IdxType = 'ubyte';
  private recordSize = 1;
  private values?: Uint8Array | Float64Array;
  /** Bytes of element data received so far. */
  private received = 0;
  /** A multi-byte element split across chunks. */
  private partial = new Uint8Array(8);
  private partialLength = 0;
  private error?: string;
  private trailing = 0;

  /** @param maxElements the most elements (all records together) accepted; larger files are refused. */
  constructor(private readonly maxElements: number) {}

  push(chunk: Uint8Array): void {
    if (this.error) return;
    let offset = 0;
    if (!this.dims) {
      offset = this.readHeader(chunk);
      if (!this.dims || this.error) return;
    }
    this.readElements(chunk, offset);
  }

  finish(): IdxResult {
    if (this.error) return { ok: false, error: this.error };
    if (!this.dims) {
      if (this.headerLength < 4) return { ok: false, error: this.headerLength === 0 ? 'the file is empty' : 'the file ends inside the IDX header (not an IDX file?)' };
      return { ok: false, error: `the file ends inside the IDX header (${this.headerLength} bytes, ${4 + 4 * this.header[3]} expected)` };
    }
    const total = this.values!.length * this.elementBytes;
    if (this.received < total) {
      const recordBytes = this.recordSize * this.elementBytes;
      const record = Math.floor(this.received / Math.max(1, recordBytes)) + 1;
      return { ok: false, error: `record ${record.toLocaleString('en-US')} of ${this.dims[0].toLocaleString('en-US')} is incomplete: the file ends after ${this.received.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} data bytes` };
    }
    if (this.trailing > 0) return { ok: false, error: `${this.trailing.toLocaleString('en-US')} bytes follow the last record (the header promises ${this.dims[0].toLocaleString('en-US')} records)` };
    return { ok: true, idx: { type: this.type, dims: this.dims, records: this.dims[0], recordSize: this.recordSize, values: this.values! } };
  }

  private fail(message: string): void {
    this.error ??= message;
  }

  /** Copies header bytes from `chunk`; returns how many bytes of it the header took. */
  private readHeader(chunk: Uint8Array): number {
    let i = 0;
    const h = this.header;
    while (i < chunk.length) {
      const need = this.headerLength < 4 ? 4 : 4 + 4 * h[3];
      if (this.headerLength >= need) break;
      h[this.headerLength++] = chunk[i++];
      if (this.headerLength === 4) {
        const kind = TYPES[h[2]];
        if (h[0] !== 0 || h[1] !== 0 || !kind || h[3] === 0) {
          const hex = Array.from(h.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
          this.fail(`not an IDX file: it starts with the bytes ${hex}, not 00 00 TT DD (TT an element type 08/09/0b/0c/0d/0e, DD the number of dimensions)`);
          return i;
        }
      }
    }
    const need = this.headerLength < 4 ? 4 : 4 + 4 * h[3];
    if (this.headerLength < need) return i;
    const kind = TYPES[h[2]];
    const dims: number[] = [];
    let elements = 1;
    for (let d = 0; d < h[3]; d++) {
      const o = 4 + 4 * d;
      const size = ((h[o] << 24) >>> 0) + (h[o + 1] << 16) + (h[o + 2] << 8) + h[o + 3];
      dims.push(size);
      elements *= size;
    }
    if (elements > this.maxElements) {
      this.fail(`the header declares ${dims.join(' × ')} = ${elements.toLocaleString('en-US')} values; the limit is ${this.maxElements.toLocaleString('en-US')}`);
      return i;
    }
    this.type = kind.type;
    this.elementBytes = kind.bytes;
    this.recordSize = dims.slice(1).reduce((a, b) => a * b, 1);
    this.values = kind.type === 'ubyte' ? new Uint8Array(elements) : new Float64Array(elements);
    this.dims = dims;
    return i;
  }

  private readElements(chunk: Uint8Array, offset: number): void {
    const values = this.values!;
    const total = values.length * this.elementBytes;
    const available = chunk.length - offset;
    const take = Math.min(available, total - this.received);
    this.trailing += available - take;
    if (take <= 0) return;
    if (values instanceof Uint8Array) {
      values.set(chunk.subarray(offset, offset + take), this.received);
      this.received += take;
      return;
    }
    const size = this.elementBytes;
    let i = offset;
    const end = offset + take;
    // Finish an element split across chunks.
    while (this.partialLength > 0 && i < end) {
      this.partial[this.partialLength++] = chunk[i++];
      if (this.partialLength === size) {
        values[(this.received + i - offset) / size - 1] = this.element(this.partial, 0);
        this.partialLength = 0;
      }
    }
    const whole = Math.floor((end - i) / size) * size;
    for (let j = i; j < i + whole; j += size) values[(this.received + j - offset) / size] = this.element(chunk, j);
    i += whole;
    while (i < end) this.partial[this.partialLength++] = chunk[i++];
    this.received += take;
  }

  private element(bytes: Uint8Array, at: number): number {
    const view = new DataView(bytes.buffer, bytes.byteOffset + at, this.elementBytes);
    switch (this.type) {
      case 'byte':
        return view.getInt8(0);
      case 'short':
        return view.getInt16(0, false);
      case 'int':
        return view.getInt32(0, false);
      case 'float':
        return view.getFloat32(0, false);
      case 'double':
        return view.getFloat64(0, false);
      default:
        return view.getUint8(0);
    }
  }
}

/** Decodes a whole IDX file held in memory (tests, small files). */
export function decodeIdx(bytes: Uint8Array, maxElements: number): IdxResult {
  const decoder = new IdxDecoder(maxElements);
  decoder.push(bytes);
  return decoder.finish();
}
