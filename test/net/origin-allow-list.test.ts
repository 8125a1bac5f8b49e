import { describe, expect, it } from 'vitest';
import { hostOriginRefusal } from '../../server/net/host-origin-refusal.ts';
import { OriginAllowList, originEntryError } from '../../server/net/origin-allow-list.ts';

describe('OriginAllowList', () => {
  const list = new OriginAllowList(['https://arena.example.com']);
  list.addLoopback(8787);

  it('matches Origin exactly, scheme and port included', () => {
    for (const o of ['https://arena.example.com', 'http://localhost:8787', 'http://127.0.0.1:8787', 'http://[::1]:8787'])
      expect(list.allowsOrigin(o)).toBe(true);
    for (const o of [
      'http://arena.example.com',
      'https://arena.example.com:8443',
      'http://localhost:5173',
      'http://localhost',
      'https://evil.example',
      'null',
      'https://arena.example.com.evil.example',
    ]) {
      expect(list.allowsOrigin(o)).toBe(false);
    }
  });

  it('matches Host with or without the default port, case-insensitively', () => {
    for (const h of ['arena.example.com', 'ARENA.example.com:443', 'localhost:8787', '127.0.0.1:8787', '[::1]:8787'])
      expect(list.allowsHost(h)).toBe(true);
    for (const h of ['arena.example.com:80', 'localhost', 'localhost:5173', 'rebind.evil.example:8787', undefined])
      expect(list.allowsHost(h)).toBe(false);
  });

  it.each(['https://a.example/path', 'https://a.example?x=1', 'ftp://a.example', 'https://user:pw@a.example', 'a.example'])(
    'refuses %j as an entry',
    (o) => {
      expect(originEntryError(o)).not.toBeNull();
    },
  );
});

describe('hostOriginRefusal', () => {
  const list = new OriginAllowList();
  list.addLoopback(8787);

  it('refuses a rebinding page, whose Origin equals its Host', () => {
    expect(
      hostOriginRefusal({ host: 'rebind.evil.example:8787', origin: 'http://rebind.evil.example:8787', websocket: true }, list),
    ).toMatchObject({ status: 403 });
    expect(hostOriginRefusal({ host: 'rebind.evil.example:8787', origin: undefined, websocket: false }, list)).toMatchObject({
      status: 421,
    });
  });

  it('refuses another local web app, and lets through clients that send no Origin', () => {
    expect(hostOriginRefusal({ host: 'localhost:8787', origin: 'http://localhost:3000', websocket: true }, list)).toMatchObject({
      status: 403,
    });
    expect(hostOriginRefusal({ host: 'localhost:8787', origin: undefined, websocket: true }, list)).toBeNull();
    expect(hostOriginRefusal({ host: 'localhost:8787', origin: 'http://localhost:8787', websocket: false }, list)).toBeNull();
  });
});
