import type WebSocket from 'ws';

/**
 * A received websocket frame as the text it carries. ws hands a frame over as
 * a Buffer, an ArrayBuffer or Buffer fragments (by `binaryType`); the server
 * sends JSON text, so each decodes as UTF-8.
 */
export function wsText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
