import { describe, expect, it } from 'vitest';
import { lessonFields, lessonSchema } from '../../src/lib/lesson-schema';

const valid = {
  title: 'How pods talk',
  summary: 'Follow a packet from one pod to another.',
  order: 3,
  objectives: ['Trace a packet between two pods'],
  lab: { scenario: 'multinode-demo' },
};

/** The messages an author would see for this frontmatter, keyed by field path. */
function errors(frontmatter: Record<string, unknown>): Record<string, string> {
  const result = lessonSchema.safeParse(frontmatter);
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((issue) => [issue.path.join('.'), issue.message]));
}

describe('lesson frontmatter', () => {
  it('accepts a complete lesson', () => {
    expect(lessonSchema.parse(valid)).toEqual(valid);
  });

  it('describes every field, for editor hints and the docs', () => {
    for (const [name, field] of Object.entries(lessonFields)) {
      expect(field.description, name).toBeTruthy();
    }
    expect(lessonSchema.description).toBeTruthy();
  });

  it.each([
    ['title', undefined, /^Expected the lesson title as text, but found nothing \(the field is missing\)\. For example: title: /],
    ['title', 42, /but found the number 42\./],
    ['summary', '   ', /^Expected a one- or two-sentence summary.*but found empty text\./s],
    ['order', 0, /^Expected a whole number of 1 or more.*but found the number 0\./s],
    ['order', 2.5, /but found the number 2\.5\./],
    ['order', '3', /but found the text "3"\./],
    ['objectives', [], /^Expected a list of at least one learning objective.*but found an empty list\./s],
    ['objectives', 'Trace a packet', /but found the text "Trace a packet"\./],
    ['objectives', ['ok', 7], /but found a list of 2\./],
    ['lab', undefined, /^Expected a lab section naming its scenario.*but found nothing/s],
    ['lab', 'multinode-demo', /but found the text "multinode-demo"\./],
  ])('%s: %j is refused with a message for the author', (field, value, message) => {
    expect(errors({ ...valid, [field]: value })[field]).toMatch(message);
  });

  it('names the scenarios when the lab asks for one that does not exist', () => {
    const message = errors({ ...valid, lab: { scenario: 'kind' } })['lab.scenario'];
    expect(message).toMatch(/^Expected one of the lab scenarios "laptop", "multinode-demo" .*but found the text "kind"\. For example: scenario: multinode-demo$/);
  });

  it('refuses unknown fields, each at its own path, naming the fields it knows', () => {
    const { summary, ...rest } = valid;
    const found = errors({ ...rest, sumary: summary });
    expect(found.sumary).toBe(
      "Unknown frontmatter field. A lesson's frontmatter has exactly these fields: title, summary, order, objectives, lab.",
    );
    expect(found.summary).toMatch(/but found nothing/);
  });

  it('refuses unknown fields inside lab', () => {
    expect(errors({ ...valid, lab: { scenario: 'laptop', seed: 3 } })['lab']).toMatch(/Unrecognized key.*seed/);
  });
});
