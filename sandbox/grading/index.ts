/** The grading core's public API (re-exported from sandbox/index.ts). */
export type * from './spec';
export { validateExercise, validateExercises, type Validation } from './validate';
export { resolveSubjects, resolveSubject, fill, type Resolved, type Resolution } from './resolve';
export type { Truth, RouteFactTruth, PathTruth, PathPoint, PredictTruth, ClassifyTruth, FixItTruth, ChoiceTruth } from './truth';
export { parseRouteAnswer, parsePath, parsePredict, parseClass, parseChoice } from './parse';
export {
  grade, reveal, prompt, hints, truthText, playSolution, setupExercise,
  type Answer, type GradeResult, type GradeOptions, type PartResult, type SetupTarget,
} from './grade';
export { SAMPLE_EXERCISES } from './samples';
