/**
 * The error boundary around each message and each of its blocks. Model output is untrusted, and without
 * a boundary one render error (a parser's stack overflow, say) unmounts the whole React root: the list,
 * the composer, the app. Here it costs only the text it was formatting, which is then shown as written,
 * in a <pre>, with a note saying why.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface BoundaryProps {
  /** The text being formatted, shown as written if formatting it fails. */
  text: string;
  /** A block of a message rather than the whole message: the note says so. */
  part?: boolean;
  children: ReactNode;
}

interface BoundaryState {
  /** The text that failed to render, or null. */
  failed: string | null;
}

export class FormattedTextBoundary extends Component<BoundaryProps, BoundaryState> {
  override state: BoundaryState = { failed: null };

  static getDerivedStateFromError(): Partial<BoundaryState> {
    // Which text failed is filled in by getDerivedStateFromProps, which runs before the next render.
    return { failed: '' };
  }

  /**
   * A failed text stays raw while it grows (a streaming answer would fail again on every update); a
   * different text (a regenerated answer, another block in this place) is formatted afresh.
   */
  static getDerivedStateFromProps(
    props: BoundaryProps,
    state: BoundaryState,
  ): Partial<BoundaryState> | null {
    if (state.failed === '') return { failed: props.text };
    if (state.failed !== null && !props.text.startsWith(state.failed)) return { failed: null };
    return null;
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(
      'Runnel: showing text as written, as formatting it failed:',
      error,
      info.componentStack,
    );
  }

  override render(): ReactNode {
    const { text, part, children } = this.props;
    if (this.state.failed === null) return children;
    return (
      <div className="md-raw" data-testid="md-raw">
        <p className="md-raw-note">
          {part
            ? 'This part of the message could not be displayed as formatted text; here it is as written.'
            : 'This message could not be displayed as formatted text; here it is as written.'}
        </p>
        <pre className="md-raw-text">{text}</pre>
      </div>
    );
  }
}
