import { describe, expect, it } from 'vitest';
import { isChunkFailure } from '../../src/components/terminal/lazy';

describe('a lab chunk that could not be downloaded', () => {
  it("is told apart by each browser's words for it", () => {
    // Chromium, Firefox, Safari, and Vite's preload helper for the chunk's CSS.
    expect(isChunkFailure('Failed to fetch dynamically imported module: http://127.0.0.1/_astro/mount.X1.js')).toBe(true);
    expect(isChunkFailure('error loading dynamically imported module: http://127.0.0.1/_astro/mount.X1.js')).toBe(true);
    expect(isChunkFailure('Importing a module script failed.')).toBe(true);
    expect(isChunkFailure('Unable to preload CSS for /_astro/mount.X1.css')).toBe(true);
  });

  it('is not confused with the lab failing for another reason', () => {
    expect(isChunkFailure('lab host has no [data-lab-screen] element')).toBe(false);
    expect(isChunkFailure('unknown lab scenario "nope"')).toBe(false);
    expect(isChunkFailure('')).toBe(false);
  });
});
