import 'reflect-metadata';
import { createHmac } from 'node:crypto';
import {
  DeclarationError,
  Get,
  Header,
  createClient,
  declared,
  signCookie,
  signedCookieAuth,
  verifySignedCookie,
} from 'restfit';
import { echo, startServer, type TestServer } from '../support/test-server';

const keys = { k1: 'first-secret', k2: 'second-secret' };

describe('signCookie / verifySignedCookie', () => {
  test('the value is base64url(payload).keyId.base64url(HMAC-SHA256(secret, "name=<payload>.<keyId>"))', () => {
    const value = signCookie('session', 'user=42', 'k1', 'first-secret');
    const encoded = Buffer.from('user=42').toString('base64url');
    const mac = createHmac('sha256', 'first-secret').update(`session=${encoded}.k1`).digest('base64url');
    expect(value).toBe(`${encoded}.k1.${mac}`);
    expect(verifySignedCookie('session', value, keys)).toEqual({ payload: 'user=42', keyId: 'k1' });
  });

  test('key rotation: either known key verifies, and the key id is reported', () => {
    const old = signCookie('session', 'a', 'k1', keys.k1);
    const fresh = signCookie('session', 'a', 'k2', keys.k2);
    expect(verifySignedCookie('session', old, new Map(Object.entries(keys)))?.keyId).toBe('k1');
    expect(verifySignedCookie('session', fresh, keys)?.keyId).toBe('k2');
    expect(verifySignedCookie('session', old, { k2: keys.k2 })).toBeUndefined(); // k1 retired
  });

  test('tampered values are rejected', () => {
    const value = signCookie('session', 'user=42', 'k1', keys.k1);
    const [payload, keyId, mac] = value.split('.');
    const forgedPayload = Buffer.from('user=1').toString('base64url');
    expect(verifySignedCookie('session', `${forgedPayload}.${keyId}.${mac}`, keys)).toBeUndefined();
    // Claiming the other key id with the same MAC.
    expect(verifySignedCookie('session', `${payload}.k2.${mac}`, keys)).toBeUndefined();
    // A flipped last character of the MAC, a truncated MAC, an empty MAC.
    const flipped = mac.slice(0, -1) + (mac.endsWith('A') ? 'B' : 'A');
    expect(verifySignedCookie('session', `${payload}.${keyId}.${flipped}`, keys)).toBeUndefined();
    expect(verifySignedCookie('session', `${payload}.${keyId}.${mac.slice(0, 20)}`, keys)).toBeUndefined();
    expect(verifySignedCookie('session', `${payload}.${keyId}.`, keys)).toBeUndefined();
    // Structure: too few / too many parts, junk.
    expect(verifySignedCookie('session', `${payload}.${mac}`, keys)).toBeUndefined();
    expect(verifySignedCookie('session', `${value}.x`, keys)).toBeUndefined();
    expect(verifySignedCookie('session', 'garbage', keys)).toBeUndefined();
  });

  test('a value signed for another cookie name is rejected', () => {
    const value = signCookie('preferences', 'admin=true', 'k1', keys.k1);
    expect(verifySignedCookie('preferences', value, keys)).toBeDefined();
    expect(verifySignedCookie('session', value, keys)).toBeUndefined();
  });

  test('an unknown key id is rejected, including names on Object.prototype', () => {
    const value = signCookie('session', 'a', 'k9', 'nine');
    expect(verifySignedCookie('session', value, keys)).toBeUndefined();
    const proto = signCookie('session', 'a', 'constructor', 'x');
    expect(verifySignedCookie('session', proto, keys)).toBeUndefined();
  });

  test('bad arguments are DeclarationErrors', () => {
    expect(() => signCookie('bad name', 'a', 'k1', 's')).toThrow(DeclarationError);
    expect(() => signCookie('n', 'a', 'k.1', 's')).toThrow(DeclarationError);
    expect(() => signCookie('n', 'a', 'k1', '')).toThrow(DeclarationError);
  });
});

describe('signedCookieAuth', () => {
  class Api {
    @Get('/echo')
    get(@Header('cookie') cookie?: string): Promise<unknown> {
      return declared();
    }
  }
  let server: TestServer;
  beforeAll(async () => (server = await startServer(echo)));
  afterAll(() => server.close());

  test('sends a cookie that the server verifies, merged with existing cookies', async () => {
    const api = createClient(Api, {
      baseURL: server.url,
      auth: signedCookieAuth({ name: 'session', payload: '{"user":42}', keyId: 'k2', secret: keys.k2 }),
    });
    await api.get('theme=dark');
    const cookie = String(server.received.at(-1)!.headers.cookie);
    expect(cookie.startsWith('theme=dark; session=')).toBe(true);
    const value = cookie.slice('theme=dark; session='.length);
    expect(verifySignedCookie('session', value, keys)).toEqual({ payload: '{"user":42}', keyId: 'k2' });
  });

  test('a payload function is signed per attempt', async () => {
    let n = 0;
    const api = createClient(Api, {
      baseURL: server.url,
      auth: signedCookieAuth({ name: 's', payload: async () => `n=${++n}`, keyId: 'k1', secret: keys.k1 }),
    });
    await api.get();
    await api.get();
    const payloads = server.received
      .slice(-2)
      .map((r) => verifySignedCookie('s', String(r.headers.cookie).slice(2), keys)?.payload);
    expect(payloads).toEqual(['n=1', 'n=2']);
  });
});
