/**
 * The page formatted-text-boundary.spec.ts loads: the real FormattedTextBoundary around messages whose
 * render throws on demand (a text containing 💥), as a parser's stack overflow did, next to a composer.
 */
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { FormattedTextBoundary } from '../../renderer/src/markdown/FormattedTextBoundary';

export interface ShownMessage {
  id: string;
  text: string;
}

function Formatted({ text }: { text: string }) {
  if (text.includes('💥')) throw new RangeError('Maximum call stack size exceeded');
  return <p className="formatted">{text}</p>;
}

function Page({
  messages,
  bounded,
}: {
  messages: ShownMessage[];
  bounded: 'message' | 'part' | 'none';
}) {
  return (
    <main>
      {messages.map(({ id, text }) => (
        <article key={id} data-id={id}>
          {bounded === 'none' ? (
            <Formatted text={text} />
          ) : (
            <FormattedTextBoundary text={text} part={bounded === 'part'}>
              <Formatted text={text} />
            </FormattedTextBoundary>
          )}
        </article>
      ))}
      <textarea data-testid="composer" />
    </main>
  );
}

const element = document.getElementById('root');
if (!element) throw new Error('no #root');
const root = createRoot(element);

Object.assign(window, {
  show(messages: ShownMessage[], bounded: 'message' | 'part' | 'none'): void {
    try {
      flushSync(() => root.render(<Page messages={messages} bounded={bounded} />));
    } catch {
      // Without a boundary React unmounts the root and rethrows; the spec looks at what is left.
    }
  },
});
