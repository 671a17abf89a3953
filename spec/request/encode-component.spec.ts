import fc from 'fast-check';
import { encodeComponent } from '../../lib/request/url';

// Fixed seed and bounded runs: the same cases on every machine.
const RUNS = { seed: 20261202, numRuns: 2000 };

describe('encodeComponent (encodeURIComponent without the builtin for ASCII)', () => {
  it('writes every ASCII character as encodeURIComponent does', () => {
    for (let code = 0; code < 128; code++) {
      const c = String.fromCharCode(code);
      expect(encodeComponent(c)).toBe(encodeURIComponent(c));
      expect(encodeComponent(`a${c}b${c}`)).toBe(encodeURIComponent(`a${c}b${c}`));
    }
  });

  it('keeps text that needs no escaping as it is, and escapes by hand-checked examples', () => {
    expect(encodeComponent('42')).toBe('42');
    expect(encodeComponent("A-z_0.9!~*'()")).toBe("A-z_0.9!~*'()");
    expect(encodeComponent('active users')).toBe('active%20users');
    expect(encodeComponent('a/b?c#d%e&f=g+h')).toBe('a%2Fb%3Fc%23d%25e%26f%3Dg%2Bh');
    expect(encodeComponent('\n\0')).toBe('%0A%00');
    expect(encodeComponent('')).toBe('');
  });

  it('matches encodeURIComponent on any well-formed text, ASCII or not', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'binary-ascii' })),
        (text) => {
          expect(encodeComponent(text)).toBe(encodeURIComponent(text));
        },
      ),
      RUNS,
    );
  });

  it('throws the URIError encodeURIComponent throws for a lone surrogate', () => {
    expect(() => encodeComponent('ab\ud800')).toThrow(URIError);
    expect(() => encodeComponent('a b\udc00c')).toThrow(URIError);
  });
});
