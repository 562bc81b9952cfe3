/**
 * The renderers the benchmark compares, behind one shape of props. Each gets the same wrapper class, so
 * the same stylesheet applies to all of them.
 */
import type { ReactNode } from 'react';
import Markdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { Streamdown } from 'streamdown';
import { MessageMarkdown } from '../../../renderer/src/markdown/MessageMarkdown';

export interface RendererProps {
  text: string;
  streaming: boolean;
}

const remarkPlugins = [remarkGfm];
const ignore = (): void => undefined;

export const renderers = {
  /** The harness with a renderer that draws nothing: what the page costs without any Markdown. */
  floor: (): ReactNode => null,
  runnel: ({ text, streaming }: RendererProps): ReactNode => (
    <MessageMarkdown text={text} streaming={streaming} onOpenLink={ignore} />
  ),
  /** react-markdown with remark-gfm, re-rendering the whole text on every update. */
  'react-markdown': ({ text }: RendererProps): ReactNode => (
    <div className="md">
      <Markdown remarkPlugins={remarkPlugins}>{text}</Markdown>
    </div>
  ),
  /** Vercel's Streamdown with its defaults. */
  streamdown: ({ text }: RendererProps): ReactNode => (
    <div className="md">
      <Streamdown>{text}</Streamdown>
    </div>
  ),
} satisfies Record<string, (props: RendererProps) => ReactNode>;

export type RendererName = keyof typeof renderers;
