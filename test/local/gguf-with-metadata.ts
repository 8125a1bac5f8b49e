import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Copies a GGUF with extra string metadata (e.g. `tokenizer.chat_template`),
 * so tests can run the chat-template path on a real model that has none.
 * GGUF: header, key/values, tensor infos, padding to the alignment, tensor
 * data whose offsets are relative to the data start, so appending a key only
 * moves the data start and the padding is recomputed.
 */
export function writeGgufWithMetadata(src: string, dest: string, extra: Record<string, string>): void {
  const buf = readFileSync(src);
  let pos = 0;
  const u32 = () => {
    const v = buf.readUInt32LE(pos);
    pos += 4;
    return v;
  };
  const u64 = () => {
    const v = Number(buf.readBigUInt64LE(pos));
    pos += 8;
    return v;
  };
  const str = () => {
    const n = u64();
    const s = buf.toString('utf8', pos, pos + n);
    pos += n;
    return s;
  };
  const fixed: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
  const skipValue = (type: number): void => {
    if (type === 8) return void str();
    if (type === 9) {
      const itemType = u32();
      const count = u64();
      for (let i = 0; i < count; i++) skipValue(itemType);
      return;
    }
    const size = fixed[type];
    if (size === undefined) throw new Error(`unknown GGUF value type ${type}`);
    pos += size;
  };

  if (buf.toString('latin1', 0, 4) !== 'GGUF') throw new Error('not a GGUF file');
  pos = 8;
  const tensorCount = u64();
  const kvCount = u64();
  const kvStart = pos;
  let alignment = 32;
  for (let i = 0; i < kvCount; i++) {
    const key = str();
    const type = u32();
    if (key === 'general.alignment' && type === 4) alignment = buf.readUInt32LE(pos);
    skipValue(type);
  }
  const kvEnd = pos;
  for (let i = 0; i < tensorCount; i++) {
    str();
    const dims = u32();
    pos += dims * 8 + 4 + 8;
  }
  const infoEnd = pos;
  const dataStart = Math.ceil(infoEnd / alignment) * alignment;

  const encStr = (s: string) => {
    const b = Buffer.from(s, 'utf8');
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(b.length));
    return Buffer.concat([len, b]);
  };
  const added = Object.entries(extra).map(([k, v]) => {
    const type = Buffer.alloc(4);
    type.writeUInt32LE(8);
    return Buffer.concat([encStr(k), type, encStr(v)]);
  });
  const header = Buffer.from(buf.subarray(0, kvStart));
  header.writeBigUInt64LE(BigInt(kvCount + added.length), 16);
  const head = Buffer.concat([header, buf.subarray(kvStart, kvEnd), ...added, buf.subarray(kvEnd, infoEnd)]);
  const padding = Buffer.alloc((alignment - (head.length % alignment)) % alignment);
  writeFileSync(dest, Buffer.concat([head, padding, buf.subarray(dataStart)]));
}

/** A ChatML template, the format most small instruct models use. */
export const CHATML_TEMPLATE =
  "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";
