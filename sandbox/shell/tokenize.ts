/**
 * Splits a command line into words the way a POSIX shell does for the cases
 * the lab needs: blanks separate words, single quotes keep everything,
 * double quotes keep everything but backslash escapes of \ " $ `, and a
 * backslash outside quotes keeps the next character. `;` ends a command.
 * An unterminated quote is reported rather than guessed at.
 */
export type TokenizeResult =
  | { ok: true; commands: string[][] }
  | { ok: false; error: string };

const BLANK = /[ \t]/;

export function tokenize(line: string): TokenizeResult {
  const commands: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  while (i < line.length) {
    const c = line[i] as string;
    if (BLANK.test(c)) {
      endWord();
      i += 1;
    } else if (c === ';') {
      endWord();
      commands.push(words);
      words = [];
      i += 1;
    } else if (c === '\\') {
      inWord = true;
      // A trailing backslash would ask bash for a continuation line; we take it literally.
      word += i + 1 < line.length ? line[i + 1] : '\\';
      i += 2;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return { ok: false, error: "unexpected EOF while looking for matching `''" };
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      inWord = true;
      i += 1;
      let closed = false;
      while (i < line.length) {
        const d = line[i] as string;
        if (d === '"') {
          closed = true;
          i += 1;
          break;
        }
        if (d === '\\' && i + 1 < line.length && '\\"$`'.includes(line[i + 1] as string)) {
          word += line[i + 1];
          i += 2;
        } else {
          word += d;
          i += 1;
        }
      }
      if (!closed) return { ok: false, error: 'unexpected EOF while looking for matching `"\'' };
    } else if (c === '#' && !inWord) {
      break; // a comment runs to the end of the line
    } else {
      word += c;
      inWord = true;
      i += 1;
    }
  }
  endWord();
  commands.push(words);
  return { ok: true, commands: commands.filter((w) => w.length > 0) };
}
