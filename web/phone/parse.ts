// The bot's plain-text form of choices (src/dialogue/render.ts): the body, a blank line, then
// "1. Title" lines. Typing the number does what tapping would, so the phone shows them as rows.
export interface NumberedChoice {
  n: number;
  title: string;
}

export function numberedChoices(body: string): { intro: string; choices: NumberedChoice[] } {
  const cut = body.lastIndexOf('\n\n');
  if (cut < 0) return { intro: body, choices: [] };
  const lines = body.slice(cut + 2).split('\n');
  const choices: NumberedChoice[] = [];
  for (const line of lines) {
    const match = /^(\d{1,2})\. (.+)$/.exec(line.trim());
    if (!match || Number(match[1]) !== choices.length + 1) return { intro: body, choices: [] };
    choices.push({ n: Number(match[1]), title: match[2]! });
  }
  return { intro: body.slice(0, cut), choices };
}
