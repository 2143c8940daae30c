// The search API marks matched words in `highlight` snippets as HTML: the text escaped, matches in <em>…</em>
// (both backends). Rather than inject that HTML, it is read into plain segments that React renders safely.

export interface Segment {
  text: string;
  match: boolean;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", "#39": "'", "#x27": "'" };

function decode(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#39|#x27|#\d+|#x[\da-f]+);/gi, (entity, name: string) => {
    const known = ENTITIES[name.toLowerCase()];
    if (known) return known;
    const code = name[1]?.toLowerCase() === "x" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  });
}

/** "답례품 <em>떡</em> &amp; 차" → [{답례품 }, {떡, match}, { & 차}]; any other tag is kept as text. */
export function highlightSegments(html: string): Segment[] {
  const segments: Segment[] = [];
  let match = false;
  for (const part of html.split(/(<\/?em>)/)) {
    if (part === "<em>") match = true;
    else if (part === "</em>") match = false;
    else if (part) {
      const text = decode(part);
      const last = segments[segments.length - 1];
      if (last && last.match === match) last.text += text;
      else segments.push({ text, match });
    }
  }
  return segments;
}
