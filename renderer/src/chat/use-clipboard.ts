/** Copies text and says so for a moment on the button that did it. */
import { useCallback, useEffect, useRef, useState } from 'react';

export type CopyState = 'idle' | 'copied' | 'failed';

export function useCopy(): [CopyState, (text: string) => void] {
  const [state, setState] = useState<CopyState>('idle');
  const timer = useRef<number | null>(null);
  useEffect(
    () => () => {
      if (timer.current !== null) window.clearTimeout(timer.current);
    },
    [],
  );
  const copy = useCallback((text: string) => {
    const settle = (next: CopyState) => {
      setState(next);
      if (timer.current !== null) window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => setState('idle'), 1_500);
    };
    navigator.clipboard.writeText(text).then(
      () => settle('copied'),
      () => settle('failed'),
    );
  }, []);
  return [state, copy];
}

export const copyLabel = (state: CopyState, idle: string): string =>
  state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : idle;
