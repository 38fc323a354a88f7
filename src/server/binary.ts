// Many numbers in one `nnet/...` message (100k weights, a training job's samples) as base64 of
// their little-endian bytes: writing and reading 100k JSON numbers costs the extension host's
// thread 30–180 ms; one base64 string is a fraction of that. No Node API needed (Buffer is used
// when there is one, atob/btoa otherwise: the web's workers have them), so the server, the VS Code
// client and the web build share it.

/** What a message carries for a Float64Array: base64 of its bytes, little-endian. */
export type PackedFloat64 = string;

interface BufferLike {
  from(data: ArrayBufferLike | string, offsetOrEncoding?: number | string, length?: number): { toString(encoding: string): string; buffer: ArrayBufferLike; byteOffset: number; byteLength: number };
}
const NodeBuffer = (globalThis as { Buffer?: BufferLike }).Buffer;
declare const btoa: (data: string) => string;
declare const atob: (data: string) => string;

const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

export function encodeBytes(bytes: Uint8Array): string {
  if (NodeBuffer) return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  let binary = '';
  // One character at a time: nothing data-sized goes onto the stack.
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
  return btoa(binary);
}

/** Undefined when `text` is not a string of base64. */
export function decodeBytes(text: unknown): Uint8Array | undefined {
  if (typeof text !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  if (NodeBuffer) {
    const b = NodeBuffer.from(text, 'base64');
    // A copy: Buffers of the pool share one ArrayBuffer, and a Float64Array needs an aligned offset.
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength).slice();
  }
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function packFloat64(values: ArrayLike<number>): PackedFloat64 {
  const array = values instanceof Float64Array ? values : Float64Array.from(values);
  if (LITTLE_ENDIAN) return encodeBytes(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  const bytes = new Uint8Array(array.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < array.length; i++) view.setFloat64(i * 8, array[i], true);
  return encodeBytes(bytes);
}

/** Undefined when `text` is not base64 of whole float64s. */
export function unpackFloat64(text: unknown): Float64Array | undefined {
  const bytes = decodeBytes(text);
  if (!bytes || bytes.length % 8 !== 0) return undefined;
  if (LITTLE_ENDIAN) return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.length / 8);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Float64Array(bytes.length / 8);
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat64(i * 8, true);
  return values;
}
