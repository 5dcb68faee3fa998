// WhatsApp's length limit on one message (SPEC §6): Twilio refuses a body over 1,600 characters
// (21617), so a longer one goes out as several messages, in order, each cut where a reader would
// expect a break: a blank line, else a line break, else a space; a word longer than a whole
// message is the only thing ever cut in the middle.

export const MAX_BODY = 1600;

/** Boundaries to cut at, best first; each counts only in the second half of a part, so no part is tiny. */
const BOUNDARIES = ['\n\n', '\n', ' '];

/** The body as it is when it fits, else its parts, in order, none longer than `max` characters. */
export function splitBody(body: string, max: number = MAX_BODY): string[] {
  const parts: string[] = [];
  let rest = [...body];
  while (rest.length > max) {
    const window = rest.slice(0, max + 1).join('');
    const [cut, skip] = cutAt(window, max);
    const part = [...window].slice(0, cut).join('').trimEnd();
    if (part) parts.push(part);
    rest = [
      ...rest
        .slice(cut + skip)
        .join('')
        .replace(/^\s+/, ''),
    ];
  }
  const last = rest.join('');
  if (last.trim() || parts.length === 0) parts.push(last);
  return parts;
}

/** Where to cut a window of max + 1 characters: [characters kept, characters dropped]. */
function cutAt(window: string, max: number): [number, number] {
  const chars = [...window];
  for (const boundary of BOUNDARIES) {
    const width = [...boundary].length;
    for (let i = max; i >= Math.ceil(max / 2); i--) {
      if (chars.slice(i, i + width).join('') === boundary) return [i, width];
    }
  }
  return [max, 0];
}
