/**
 * Reading what a conf store (electron-store in the app) wrote: the value under one key of its JSON file,
 * checked by a schema. Absent when there is no file yet; damaged when it is not JSON or not the shape.
 */
import fs from 'node:fs';
import type { z } from 'zod';

export type Stored<T> = { state: 'absent' } | { state: 'read'; value: T } | { state: 'damaged' };

export function readStored<S extends z.ZodType>(
  filePath: string,
  key: string,
  schema: S,
): Stored<z.output<S>> {
  let text: string;
  try {
    text = fs.readFileSync(filePath, 'utf8');
  } catch {
    return { state: 'absent' };
  }
  try {
    const parsed = schema.safeParse((JSON.parse(text) as Record<string, unknown> | null)?.[key]);
    if (parsed.success) return { state: 'read', value: parsed.data };
  } catch {
    // Not JSON: damaged, as a wrong shape is.
  }
  return { state: 'damaged' };
}
