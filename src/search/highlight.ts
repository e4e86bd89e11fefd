/**
 * Highlighted snippets for search results, computed from the stored text: accent- and case-insensitive, word
 * prefix matches (so "psicosocial" highlights "Psicosocial", "traffick" highlights "trafficking"). Offsets
 * index the returned snippet text, so a client can render highlights without parsing markup.
 */

export interface Highlighted {
  text: string;
  highlights: { start: number; length: number }[];
}

const fold = (c: string) => c.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();

/** The window of about `size` characters with the most term matches, trimmed to word boundaries. */
export function highlight(source: string, terms: string[], size = 220): Highlighted {
  const folded = Array.from(source, (c) => (fold(c).length === 1 ? fold(c) : c.toLowerCase())).join('');
  // Array.from splits by code point: map folded positions back to UTF-16 offsets of the source.
  const offsets: number[] = [];
  let offset = 0;
  for (const c of source) {
    offsets.push(offset);
    offset += c.length;
  }
  offsets.push(offset);
  const chars = Array.from(folded);
  const foldedTerms = terms.map((t) => Array.from(t, fold).join('')).filter((t) => t.length > 0);
  const matches: { start: number; end: number }[] = [];
  const isWord = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
  for (let i = 0; i < chars.length; i++) {
    if (isWord(chars[i - 1]) || !isWord(chars[i])) continue;
    for (const term of foldedTerms) {
      if (chars.slice(i, i + term.length).join('') === term) {
        let end = i + term.length;
        while (isWord(chars[end])) end++;
        matches.push({ start: offsets[i]!, end: offsets[end]! });
        break;
      }
    }
  }

  let from = 0;
  if (source.length > size && matches.length > 0) {
    let best = 0;
    let bestCount = -1;
    for (const m of matches) {
      const count = matches.filter((n) => n.start >= m.start - 40 && n.end <= m.start - 40 + size).length;
      if (count > bestCount) {
        best = Math.max(0, m.start - 40);
        bestCount = count;
      }
    }
    from = best;
    while (from > 0 && /\S/.test(source[from - 1]!)) from--;
  }
  let to = Math.min(source.length, from + size);
  if (to < source.length) {
    while (to > from && /\S/.test(source[to]!)) to--;
  }
  const text = `${from > 0 ? '…' : ''}${source.slice(from, to).trim()}${to < source.length ? '…' : ''}`;
  const shift = (from > 0 ? 1 : 0) - from - (source.slice(from, to).length - source.slice(from, to).trimStart().length);
  const highlights = matches
    .filter((m) => m.start >= from && m.end <= to)
    .map((m) => ({ start: m.start + shift, length: m.end - m.start }));
  return { text, highlights };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[c]};`);

/** The snippet as HTML-escaped text with <mark> around each highlight. */
export function toHtml(h: Highlighted): string {
  let html = '';
  let at = 0;
  for (const { start, length } of h.highlights) {
    html += `${escapeHtml(h.text.slice(at, start))}<mark>${escapeHtml(h.text.slice(start, start + length))}</mark>`;
    at = start + length;
  }
  return html + escapeHtml(h.text.slice(at));
}
