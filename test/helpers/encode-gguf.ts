/**
 * A GGUF v3 file in memory: header, key/values, tensor infos, then the tensor
 * data, each tensor aligned to 32 bytes (GGUF's default `general.alignment`).
 * Layout as in ggml's docs/gguf.md; little-endian throughout.
 */

/** GGUF value types (gguf.md). */
const TYPE = { u8: 0, i8: 1, u16: 2, i16: 3, u32: 4, i32: 5, f32: 6, bool: 7, string: 8, array: 9, u64: 10, i64: 11, f64: 12 } as const;
type Scalar = 'u32' | 'i32' | 'f32' | 'bool' | 'string';

/**
 * JavaScript numbers do not say which integer or float type a key wants
 * (llama.cpp rejects a context length stored as a float), so every value
 * names its type.
 */
export type GgufValue =
  | { type: 'u32' | 'i32' | 'f32'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string }
  | { type: 'array'; of: 'i32' | 'f32'; values: ArrayLike<number> }
  | { type: 'array'; of: 'string'; values: string[] };

/** ggml tensor types this writer can store. */
const GGML_TYPE = { F32: 0, F16: 1 } as const;
export type GgufTensorType = keyof typeof GGML_TYPE;

export interface GgufTensor {
  name: string;
  /** ggml order: dims[0] (ne0) is the innermost, contiguous one; a weight matrix is [inputs, outputs]. */
  dims: number[];
  type: GgufTensorType;
  data: Float32Array;
}

const ALIGNMENT = 32;

class ByteWriter {
  private chunks: Buffer[] = [];
  length = 0;
  private push(b: Buffer) {
    this.chunks.push(b);
    this.length += b.length;
  }
  u32(n: number) {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    this.push(b);
  }
  i32(n: number) {
    const b = Buffer.alloc(4);
    b.writeInt32LE(n);
    this.push(b);
  }
  f32(n: number) {
    const b = Buffer.alloc(4);
    b.writeFloatLE(n);
    this.push(b);
  }
  u64(n: number) {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(n));
    this.push(b);
  }
  bool(v: boolean) {
    this.push(Buffer.from([v ? 1 : 0]));
  }
  string(s: string) {
    const b = Buffer.from(s, 'utf8');
    this.u64(b.length);
    this.push(b);
  }
  bytes(b: Buffer) {
    this.push(b);
  }
  padTo(alignment: number) {
    const pad = (alignment - (this.length % alignment)) % alignment;
    if (pad) this.push(Buffer.alloc(pad));
  }
  toBuffer(): Buffer {
    return Buffer.concat(this.chunks, this.length);
  }
}

function writeScalar(w: ByteWriter, type: Scalar, v: number | boolean | string) {
  switch (type) {
    case 'u32':
      return w.u32(v as number);
    case 'i32':
      return w.i32(v as number);
    case 'f32':
      return w.f32(v as number);
    case 'bool':
      return w.bool(v as boolean);
    case 'string':
      return w.string(v as string);
  }
}

const f32Bits = new Float32Array(1);
const u32Bits = new Uint32Array(f32Bits.buffer);

/** IEEE half precision, rounded to nearest; enough for weights of magnitude about 1. */
export function toFloat16Bits(v: number): number {
  f32Bits[0] = v;
  const x = u32Bits[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = ((x >>> 23) & 0xff) - 127 + 15;
  const mant = x & 0x7fffff;
  if (exp >= 31) return sign | 0x7c00;
  if (exp <= 0) {
    if (exp < -10) return sign;
    const sub = (mant | 0x800000) >> (1 - exp);
    return sign | ((sub + 0x1000) >> 13);
  }
  // A carry out of the mantissa rounds up into the exponent, which is correct.
  return (sign | (exp << 10) | (mant >> 13)) + ((mant >> 12) & 1);
}

function tensorBytes(t: GgufTensor): Buffer {
  const count = t.dims.reduce((a, b) => a * b, 1);
  if (t.data.length !== count) throw new Error(`tensor ${t.name}: ${t.data.length} values for dims [${t.dims.join(', ')}]`);
  if (t.type === 'F32') return Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  const out = Buffer.alloc(count * 2);
  for (let i = 0; i < count; i++) out.writeUInt16LE(toFloat16Bits(t.data[i]!), i * 2);
  return out;
}

/** The bytes of a GGUF v3 file holding these key/values and tensors, in the order given. */
export function encodeGguf(metadata: Record<string, GgufValue>, tensors: GgufTensor[]): Buffer {
  const w = new ByteWriter();
  w.bytes(Buffer.from('GGUF', 'latin1'));
  w.u32(3);
  w.u64(tensors.length);
  const entries = Object.entries(metadata);
  w.u64(entries.length);
  for (const [key, v] of entries) {
    w.string(key);
    w.u32(TYPE[v.type]);
    if (v.type !== 'array') {
      writeScalar(w, v.type, v.value);
      continue;
    }
    w.u32(TYPE[v.of]);
    w.u64(v.values.length);
    for (let i = 0; i < v.values.length; i++) writeScalar(w, v.of, v.values[i]!);
  }

  const data = tensors.map(tensorBytes);
  let offset = 0;
  tensors.forEach((t, i) => {
    w.string(t.name);
    w.u32(t.dims.length);
    for (const d of t.dims) w.u64(d);
    w.u32(GGML_TYPE[t.type]);
    // Offsets count from the start of the data section, which is itself aligned.
    w.u64(offset);
    offset += Math.ceil(data[i]!.length / ALIGNMENT) * ALIGNMENT;
  });
  w.padTo(ALIGNMENT);
  for (const d of data) {
    w.bytes(d);
    w.padTo(ALIGNMENT);
  }
  return w.toBuffer();
}
