/**
 * The part of the lab that loads right after its first prompt (mount.ts
 * imports it dynamically once the terminal front is up): the engine, the
 * shell with every command, and the exercises' client with the grader. What
 * loads when the lab comes into view (xterm, the line editor, the glue) stays
 * within its budget that way (scripts/size.mjs).
 */
export { createLab, restoreLab } from '../../../sandbox/index';
export { attachExercises } from '../lesson/exercise-client';
