/** Something that can be undone: a subscription, a session. */
export interface Disposable {
  dispose(): void;
}

/**
 * The one seam between a terminal UI and the lab. The UI writes what the
 * learner types (raw key sequences and pasted text) and renders what comes
 * back; line editing, history, completion and prompts live behind it, so the
 * browser, the CLI and the tests share them.
 */
export interface Pty {
  /** Keys and pasted text, exactly as the terminal produced them. */
  write(data: string): void;
  /**
   * Bytes to render (UTF-8 text with ANSI escape sequences, CRLF line ends).
   * Output produced before the first listener subscribes is replayed to it.
   */
  onData(listener: (data: string) => void): Disposable;
  /** The terminal's size in character cells changed. */
  resize(cols: number, rows: number): void;
  /** Ends the session; later writes are ignored. */
  dispose(): void;
}
