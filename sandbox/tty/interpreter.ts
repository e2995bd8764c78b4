/** What a line produced when the interpreter ran it. */
export interface RunResult {
  /** stdout and stderr interleaved as a terminal shows them, with plain "\n" line ends. */
  output: string;
  exitCode: number;
}

/** Candidates for the word that ends at the cursor. */
export interface Completion {
  /** Index in the line where the word being completed starts. */
  start: number;
  /** Full replacements for line.slice(start, cursor); a directory-like value may end in "/". */
  candidates: string[];
}

/**
 * What the line editor drives: it asks for the prompt, hands over finished
 * lines and asks for completions. The shell implements it; tests can fake it.
 */
export interface Interpreter {
  /** The prompt to show before the next line, e.g. "learner@laptop:~$ ". */
  prompt(): string;
  /** Runs one finished line (without its newline). Never throws. */
  run(line: string): RunResult;
  /** Completion candidates for the word ending at `cursor`. */
  complete(line: string, cursor: number): Completion;
}
