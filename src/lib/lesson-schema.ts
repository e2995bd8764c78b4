/**
 * The frontmatter a lesson (content/lessons/*.mdx) must have.
 *
 * Kept apart from src/content.config.ts so tests can check it without Astro.
 * `astro/zod` is the same zod instance that `astro:content` re-exports as `z`.
 *
 * Why each field checks its own type first (`field(...)`): Astro's content
 * error map replaces zod's type errors with "Required" or "Expected type
 * `string`", which tells an author neither what the field is for nor what they
 * wrote. A custom issue keeps our message: what was expected, what was found.
 */
import { z } from 'astro/zod';
import { SCENARIOS, SCENARIO_NAMES, isScenarioName, type ScenarioName } from '../../sandbox/scenario/catalog';

/** Describes a frontmatter value in words, for "but found ..." in errors. */
export function describeFound(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return value.trim() === '' ? 'empty text' : `the text ${JSON.stringify(value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `${value} (true/false)`;
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : `a list of ${value.length}`;
  if (value instanceof Date) return `the date ${value.toISOString().slice(0, 10)}`;
  if (typeof value === 'object') return `a group of fields (${Object.keys(value).join(', ') || 'none'})`;
  return `a ${typeof value}`;
}

/**
 * A field whose value must pass `isValid` before `then` parses it. The error
 * reads "Expected <expected>, but found <what was there>. <example>".
 */
function field<T extends z.ZodTypeAny>(
  expected: string,
  example: string,
  isValid: (value: unknown) => boolean,
  then: T,
) {
  return z
    .unknown()
    .superRefine((value, ctx) => {
      if (!isValid(value)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `Expected ${expected}, but found ${describeFound(value)}. ${example}`,
        });
      }
    })
    .pipe(then);
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

const title = field(
  'the lesson title as text',
  'For example: title: How pods talk',
  isText,
  z.string(),
).describe('The lesson title: the page heading, the browser tab title, the course list entry and the search result title.');

const summary = field(
  'a one- or two-sentence summary as text',
  'For example: summary: Follow a packet from one pod to another.',
  isText,
  z.string(),
).describe(
  'One or two sentences saying what the learner will do. Shown under the title, on the course home page, as the page meta description and in search results.',
);

const order = field(
  "a whole number of 1 or more giving the lesson's place in the course (1 comes first)",
  'For example: order: 3',
  (value) => typeof value === 'number' && Number.isInteger(value) && value >= 1,
  z.number().int().positive(),
).describe(
  "The lesson's place in the course, a whole number from 1. Sorts the course list and the previous/next links. No two lessons may share a number; gaps are fine.",
);

const objectives = field(
  'a list of at least one learning objective, each a line of text',
  'For example, a line "- Explain why every pod gets its own IP address" under "objectives:".',
  (value) => Array.isArray(value) && value.length > 0 && value.every(isText),
  z.array(z.string()).nonempty(),
).describe(
  'What the learner will be able to do after the lesson, one short sentence each. Shown as a list at the top of the lesson.',
);

const scenarioList = SCENARIO_NAMES.map((name) => `"${name}"`).join(', ');

const scenario = field(
  `one of the lab scenarios ${scenarioList} (listed in sandbox/scenario/catalog.ts)`,
  'For example: scenario: multinode-demo',
  isScenarioName,
  z.enum(SCENARIO_NAMES as [ScenarioName, ...ScenarioName[]]),
).describe(
  `Which simulated cluster the lab terminal starts in. One of: ${SCENARIO_NAMES.map((name) => `"${name}" (${SCENARIOS[name]})`).join('; ')}.`,
);

const lab = field(
  'a lab section naming its scenario',
  'For example, "lab:" with "scenario: multinode-demo" indented under it.',
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  z.object({ scenario }).strict(),
).describe('The lab terminal beside the lesson.');

/** Every frontmatter field, by name. */
export const lessonFields = { title, summary, order, objectives, lab };

const fieldNames = Object.keys(lessonFields).join(', ');

// Each unknown key gets its own error at its own path, so a typo like
// "sumary" is reported next to the "summary is missing" error it causes.
const unknownField = z.unknown().superRefine((_value, ctx) => {
  ctx.addIssue({
    code: z.ZodIssueCode.custom,
    message: `Unknown frontmatter field. A lesson's frontmatter has exactly these fields: ${fieldNames}.`,
  });
});

export const lessonSchema = z
  .object(lessonFields)
  .catchall(unknownField)
  // Drop the (always empty) catch-all from the type: entries have exactly the known fields.
  .transform(({ title, summary, order, objectives, lab }) => ({ title, summary, order, objectives, lab }))
  .describe('Frontmatter of a Podlab lesson (content/lessons/NN-slug.mdx).');

export type LessonData = z.infer<typeof lessonSchema>;
