/**
 * Every exercise in the course, read at build time from the data modules
 * beside the lessons (content/lessons/NN-slug.exercises.ts, each exporting
 * `exercises`). Each list is checked with the engine's validator; a wrong
 * definition fails the build with the validator's messages, naming the file.
 */
import { validateExercises, type ExerciseSpec } from '../../sandbox/index';

export interface ExerciseEntry {
  spec: ExerciseSpec;
  /** The data module that defines it, relative to the project root. */
  file: string;
}

type ExerciseModule = { exercises?: unknown };

/** Checks the modules and indexes their exercises by id; throws one error listing every problem. */
export function indexExercises(modules: Record<string, ExerciseModule>): Map<string, ExerciseEntry> {
  const byId = new Map<string, ExerciseEntry>();
  const errors: string[] = [];
  for (const [path, mod] of Object.entries(modules).sort(([a], [b]) => a.localeCompare(b))) {
    const file = path.replace(/^\//, '');
    if (!('exercises' in mod)) {
      errors.push(`${file}: expected an export named "exercises" (a list of exercises), found exports ${Object.keys(mod).join(', ') || '(none)'}`);
      continue;
    }
    const checked = validateExercises(mod.exercises, 'exercises');
    if (!checked.ok) {
      errors.push(...checked.errors.map((e) => `${file}: ${e}`));
      continue;
    }
    for (const spec of checked.specs) {
      const other = byId.get(spec.id);
      if (other) errors.push(`${file}: exercise id "${spec.id}" is already used in ${other.file}; progress is saved under the id, so ids must be unique in the course`);
      else byId.set(spec.id, { spec, file });
    }
  }
  if (errors.length > 0) throw new Error(`Invalid exercise definitions:\n  ${errors.join('\n  ')}`);
  return byId;
}

let cache: Map<string, ExerciseEntry> | undefined;

/** The course's exercises by id (built once per build). */
export function courseExercises(): Map<string, ExerciseEntry> {
  cache ??= indexExercises(import.meta.glob<ExerciseModule>('/content/lessons/*.exercises.ts', { eager: true }));
  return cache;
}

/** One exercise by id, or an error saying which ids exist. */
export function exerciseById(id: string): ExerciseEntry {
  const entry = courseExercises().get(id);
  if (entry) return entry;
  const known = [...courseExercises().keys()];
  throw new Error(
    `<Exercise id="${id}" />: expected the id of an exercise defined in content/lessons/*.exercises.ts, found no exercise "${id}". ` +
      `Known ids: ${known.join(', ') || '(none)'}.`,
  );
}
