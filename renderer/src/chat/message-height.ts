/**
 * A guess at a message's height before the list has drawn it, from the length of its text. The list
 * places the messages it has not drawn by these guesses and draws those that fall on the screen, so a
 * guess near the truth draws few messages more than fit (a fixed 140 px drew three times as many on
 * the long-thread benchmark, whose messages average 485 px for 510 characters) and lands a jump near
 * its message before anything is measured. A one-line message is about 90 px, guessed a little high:
 * measuring the messages above the view then only lowers the scroll offset, so it never skips past
 * the point where older messages are read.
 */
const FRAME_PX = 80;
const PX_PER_CHARACTER = 0.8;

export const estimatedHeight = (characters: number): number =>
  Math.round(FRAME_PX + characters * PX_PER_CHARACTER);
