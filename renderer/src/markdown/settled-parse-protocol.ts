/** Messages between the page and the settled-block parse worker. */
import type { Root } from 'hast';

export interface ParseRequest {
  id: number;
  source: string;
}

export type ParseReply = { id: number; tree: Root } | { id: number; error: string };
