/**
 * The page long-answer.spec.ts loads: the real MessageMarkdown and its stylesheet in a page that
 * scrolls as the conversation view does, with a long finished answer opened at once (as from
 * history), or one that streams and then ends. Without a parse worker, a block's tree is made on the
 * spot, in the render in which the block settles.
 */
import { createElement } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { markdownAnswer } from '../../bench/renderer/workloads';
import { MessageMarkdown } from '../../renderer/src/markdown/MessageMarkdown';

const ignore = (): void => undefined;

function mount(id: string): { element: HTMLElement; root: Root } {
  const element = document.createElement('div');
  element.id = id;
  document.querySelector('main')?.append(element);
  return { element, root: createRoot(element) };
}

function show(root: Root, text: string, streaming: boolean): void {
  flushSync(() =>
    root.render(createElement(MessageMarkdown, { text, streaming, onOpenLink: ignore })),
  );
}

let opened: Root | null = null;

/** How many pages still waited when the answer's first heading was first formatted (null: not yet). */
let waitingWhenTopShown: number | null = null;

/** The most characters of the opened answer formatted at one time after it opened (one turn). */
let largestTurn = 0;

/** Characters of the answer shown formatted: all of its text but what still waits as written. */
function formattedChars(element: HTMLElement): number {
  let waiting = 0;
  for (const part of element.querySelectorAll('.md-deferred')) waiting += part.textContent.length;
  return element.textContent.length - waiting;
}

Object.assign(window, {
  answer: (length: number, seed?: number): string => markdownAnswer(length, seed),
  waitingWhenTopShown: (): number | null => waitingWhenTopShown,
  largestTurn: (): number => largestTurn,
  /** Opens a finished answer cold, scrolled to its end as the conversation view opens. */
  openFinished(text: string): void {
    const { element, root } = mount('opened');
    opened = root;
    let formatted = 0;
    new MutationObserver(() => {
      if (waitingWhenTopShown === null && element.querySelector('h1'))
        waitingWhenTopShown = element.querySelectorAll('.md-deferred').length;
      const now = formattedChars(element);
      largestTurn = Math.max(largestTurn, now - formatted);
      formatted = now;
    }).observe(element, { subtree: true, childList: true });
    show(root, text, false);
    formatted = formattedChars(element);
    document.scrollingElement?.scrollTo(0, document.scrollingElement.scrollHeight);
  },
  /** Shows another finished answer in the opened one's place, as switching an answer's version does. */
  replaceFinished(text: string): number {
    if (!opened) throw new Error('open first');
    show(opened, text, false);
    return document.querySelectorAll('#opened .md-deferred').length;
  },
  /** Streams an answer in `steps` updates, then ends it, as the chat view does. */
  stream(text: string, steps: number): void {
    const { root } = mount('streamed');
    for (let step = 1; step <= steps; step += 1) {
      show(root, text.slice(0, Math.round((text.length * step) / steps)), true);
    }
    show(root, text, false);
  },
  /** The same text rendered all at once: what a progressive render must end up as. */
  reference(text: string): string {
    const { element, root } = mount('reference');
    // Mounted streaming, a text is rendered whole at once; ending it changes nothing but the tail.
    show(root, text, true);
    show(root, text, false);
    return element.textContent;
  },
});
