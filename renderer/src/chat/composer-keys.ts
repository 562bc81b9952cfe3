/** Enter sends, Shift+Enter adds a line; Enter that confirms an IME composition does neither. */
export interface KeyLike {
  key: string;
  shiftKey: boolean;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  nativeEvent: { isComposing: boolean };
}

export function shouldSubmit(event: KeyLike): boolean {
  return (
    event.key === 'Enter' && !event.shiftKey && !event.altKey && !event.nativeEvent.isComposing
  );
}
