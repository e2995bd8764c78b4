/**
 * Content collections (Astro 5 content layer).
 * The lesson frontmatter schema, with every field described, is in
 * src/lib/lesson-schema.ts.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { lessonSchema } from './lib/lesson-schema';
import { lessonSlug } from './lib/lesson-order';

// Which file claimed each slug, so two files that differ only in their "NN-"
// prefix fail loudly instead of one silently replacing the other.
const slugOwners = new Map<string, string>();

const lessons = defineCollection({
  loader: glob({
    pattern: '**/*.mdx',
    base: './content/lessons',
    generateId({ entry, base }) {
      const slug = lessonSlug(entry);
      const owner = slugOwners.get(slug);
      if (owner && owner !== entry && existsSync(fileURLToPath(new URL(owner, base)))) {
        throw new Error(
          `content/lessons/${owner} and content/lessons/${entry} both become the page /lessons/${slug}/. ` +
            'Rename one of them (the number prefix is not part of the page address).',
        );
      }
      slugOwners.set(slug, entry);
      return slug;
    },
  }),
  schema: lessonSchema,
});

export const collections = { lessons };
