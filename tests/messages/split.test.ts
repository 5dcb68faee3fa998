// Long bodies split into messages WhatsApp accepts (SPEC §6): in order, nothing lost, cut at
// paragraph, line, then word boundaries.
import { MAX_BODY, splitBody } from '../../src/messages/split';

const words = (n: number, word = 'shawarma'): string => Array.from({ length: n }, () => word).join(' ');
const length = (s: string): number => [...s].length;

test('a body that fits is one part, unchanged', () => {
  expect(splitBody('hello')).toEqual(['hello']);
  const full = 'x'.repeat(MAX_BODY);
  expect(splitBody(full)).toEqual([full]);
});

test('3,000 characters of words become two parts, in order, cut at a word, nothing lost', () => {
  const body = words(333); // 333 × 9 − 1 = 2,996 characters
  const parts = splitBody(body);
  expect(parts).toHaveLength(2);
  expect(parts.every((p) => length(p) <= MAX_BODY)).toBe(true);
  expect(parts.join(' ')).toBe(body);
  expect(parts[0]!.endsWith('shawarma')).toBe(true);
});

test('a line break is preferred to a space, a blank line to a line break', () => {
  const para = `${words(100)}\n\n${words(100)}\n${words(100)}`;
  const parts = splitBody(para, 1200);
  expect(parts[0]).toBe(words(100));
  const lines = `${words(100)}\n${words(100)}`;
  expect(splitBody(lines, 1200)).toEqual([words(100), words(100)]);
});

test('a boundary too early is not taken: parts are not tiny', () => {
  const body = `Hi\n${words(200)}`;
  const [first] = splitBody(body, 1000);
  expect(length(first!)).toBeGreaterThan(500);
});

test('text without spaces is cut hard; Arabic and emoji count as one character each', () => {
  expect(splitBody('x'.repeat(3300)).map(length)).toEqual([1600, 1600, 100]);
  const arabic = words(400, 'شاورما😋');
  const parts = splitBody(arabic);
  expect(parts.every((p) => length(p) <= MAX_BODY)).toBe(true);
  expect(parts.join(' ')).toBe(arabic);
});
