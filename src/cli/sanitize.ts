// What reaches the terminal from a file must not drive it: escape sequences in a `data` path,
// a network title or an unknown token could set the window title, erase lines or hide text.
// Every control character (C0 except tab and line feed, DEL, C1) and the bidirectional
// overrides that reorder what is shown are written escaped: `\x1b`, `\x07`, `\u{202e}`.
// Only nnet's own colour codes and its progress line's erase (`\r`, `ESC[K`) pass, and only
// when `allowStyles` is set (colour on).

/** SGR codes `paint` writes, and the erase-line of progress output. */
// eslint-disable-next-line no-control-regex
const OWN_SEQUENCE = /^\u001b\[(?:1|2|22|31|32|33|36|39)m|^\u001b\[K/;

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}

/**
 * `text` with every unsafe character escaped. With `allowStyles`, nnet's own colour sequences
 * and a carriage return (progress lines) are kept.
 */
export function sanitize(text: string, allowStyles = false): string {
  if (!UNSAFE.test(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (!UNSAFE.test(c)) {
      out += c;
      continue;
    }
    if (allowStyles) {
      if (c === '\r') {
        out += c;
        continue;
      }
      if (c === '\u001b') {
        const own = OWN_SEQUENCE.exec(text.slice(i, i + 5));
        if (own) {
          out += own[0];
          i += own[0].length - 1;
          continue;
        }
      }
    }
    out += escapeChar(c);
  }
  return out;
}
