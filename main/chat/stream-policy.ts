/**
 * The bounds of one answer: their defaults, and the check that a chosen policy can be kept. Every wait
 * here becomes a timer, and Node fires a timer set beyond 2^31 - 1 ms at once (with a warning), so a
 * value out of range would turn "wait a month" into "give up now": such a policy is refused instead.
 */
import type { ChatError, StreamPolicy } from './types';

export type Policy = Required<StreamPolicy>;

/** The longest delay setTimeout keeps (about 24.8 days). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Defaults a person would accept at a desk: a server that does not start answering is retried after
 * 30 s, so the first note comes then (not after 90 s); a silent minute mid-answer is an interruption;
 * no answer takes more than 10 minutes, as long as OpenAI's own SDKs wait by default.
 *
 * Worst case before the answer starts (every attempt silent): 4 attempts × 30 s + backoff 0.5 + 1 + 2
 * s = 123.5 s; with a server asking to wait (Retry-After, at most 60 s each) up to 4 × 30 + 3 × 60 =
 * 300 s. Nothing outlasts the 10-minute answer deadline, offline waits included.
 */
export const defaultPolicy: Policy = {
  maxAttempts: 4,
  firstByteTimeoutMs: 30_000,
  idleTimeoutMs: 60_000,
  stallTimeoutMs: 120_000,
  answerDeadlineMs: 600_000,
  maxResumes: 2,
  // Just over one 60 Hz frame (16.7 ms): sends spaced this far apart never share a frame.
  coalesceMs: 17,
  retryBaseDelayMs: 500,
  maxRetryAfterMs: 60_000,
  // 8 Mi UTF-16 units (16 MB of string): some 2 million tokens, far past any model's output limit
  // and far below V8's string limit (2^29 - 24 units), which is what the CLI hit before.
  maxAnswerChars: 8 * 1024 * 1024,
  // A JSON completion holding the largest answer we keep, escaped, fits in this.
  maxJsonBodyBytes: 32 * 1024 * 1024,
  // Models ask for a handful of calls at once; 128 is far past any real answer, and a server asking
  // for more is broken or hostile. Arguments the size of a long file still fit in 1 Mi.
  maxToolCalls: 128,
  maxToolArgumentChars: 1024 * 1024,
};

/** The caller's choices over the defaults; an unset stall timeout follows the idle timeout (×2). */
export function resolvePolicy(chosen: Partial<StreamPolicy> = {}): Policy {
  const set = Object.fromEntries(
    Object.entries(chosen).filter(([, value]) => value !== undefined),
  ) as Partial<Policy>;
  const policy: Policy = { ...defaultPolicy, ...set };
  if (set.stallTimeoutMs === undefined && set.idleTimeoutMs !== undefined) {
    policy.stallTimeoutMs = Math.min(MAX_TIMER_MS, 2 * policy.idleTimeoutMs);
  }
  return policy;
}

const TIMERS = [
  'firstByteTimeoutMs',
  'idleTimeoutMs',
  'stallTimeoutMs',
  'answerDeadlineMs',
  'retryBaseDelayMs',
  'maxRetryAfterMs',
] as const;

/** Why this policy cannot be kept, or null. Programs choose policies; people see the CLI's wording. */
export function policyProblem(policy: Policy): ChatError | null {
  const wrong = (name: string, value: number, range: string): ChatError => ({
    code: 'bad_request',
    message: `The stream setting ${name} must be ${range}; it was ${String(value)}.`,
  });
  for (const name of TIMERS) {
    const value = policy[name];
    const minimum = name === 'retryBaseDelayMs' || name === 'maxRetryAfterMs' ? 0 : 1;
    if (!Number.isFinite(value) || value < minimum || value > MAX_TIMER_MS) {
      return wrong(name, value, `a number of milliseconds from ${minimum} to ${MAX_TIMER_MS}`);
    }
  }
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    return wrong('maxAttempts', policy.maxAttempts, 'a whole number of 1 or more');
  }
  if (!Number.isInteger(policy.maxResumes) || policy.maxResumes < 0) {
    return wrong('maxResumes', policy.maxResumes, 'a whole number of 0 or more');
  }
  if (!Number.isFinite(policy.coalesceMs) || policy.coalesceMs < 0 || policy.coalesceMs > 1000) {
    return wrong('coalesceMs', policy.coalesceMs, 'from 0 to 1000');
  }
  for (const name of [
    'maxAnswerChars',
    'maxJsonBodyBytes',
    'maxToolCalls',
    'maxToolArgumentChars',
  ] as const) {
    if (!Number.isInteger(policy[name]) || policy[name] < 1) {
      return wrong(name, policy[name], 'a whole number of 1 or more');
    }
  }
  return null;
}
