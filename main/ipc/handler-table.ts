/**
 * The typed shape of main's IPC handlers and the one function that runs them: validate the payload
 * against the contract, call the handler, and answer an `IpcResult` envelope. Electron-free, so the
 * same dispatcher serves Electron's ipcMain and the web e2e suite's stand-in transport.
 */
import type { z } from 'zod';
import {
  contract,
  type Contract,
  type IpcError,
  type IpcResult,
  type RequestChannel,
  type RequestEntry,
  type ResponseValue,
} from '../../preload/contract';

export interface CallContext {
  /** The window (webContents id) that asked. */
  windowId: number;
}

type ParsedRequest<C extends RequestChannel> =
  Contract[C] extends RequestEntry<infer Req, z.ZodType> ? z.output<Req> : never;

export type IpcHandlers = {
  [C in RequestChannel]: (
    payload: ParsedRequest<C>,
    context: CallContext,
  ) => Promise<ResponseValue<C>> | ResponseValue<C>;
};

/** A refusal a handler means to give, with a code the renderer can act on. */
export class IpcFailure extends Error {
  constructor(
    readonly code: IpcError['code'],
    message: string,
  ) {
    super(message);
  }
}

/**
 * A refusal in words. The contract's own rules (budgets, forbidden headers) carry sentences written for
 * people, shown as they are; a plain schema mismatch (a bug or a hostile page) names the field.
 */
const describeIssues = (error: z.ZodError): IpcError => {
  const written = error.issues.find((issue) => issue.code === 'custom');
  // A budget names its own code (`too_large`), so the renderer can tell it from a malformed payload.
  const named = written?.code === 'custom' ? written.params?.ipcCode : undefined;
  const code: IpcError['code'] = named === 'too_large' ? 'too_large' : 'invalid_payload';
  return { code, message: describeIssueWords(error) };
};

const describeIssueWords = (error: z.ZodError): string => {
  const written = error.issues.find((issue) => issue.code === 'custom');
  if (written) return written.message;
  const fields = error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'payload'}: ${issue.message}`)
    .join('; ');
  return `Invalid request: ${fields}`;
};

export const isRequestChannel = (channel: unknown): channel is RequestChannel =>
  typeof channel === 'string' &&
  Object.hasOwn(contract, channel) &&
  contract[channel as RequestChannel].kind === 'request';

export function createDispatcher(handlers: IpcHandlers, log: (line: string) => void = () => {}) {
  return async function dispatch(
    channel: string,
    rawPayload: unknown,
    context: CallContext,
  ): Promise<IpcResult<unknown>> {
    if (!isRequestChannel(channel)) {
      return {
        ok: false,
        error: { code: 'invalid_payload', message: `Unknown request "${channel}".` },
      };
    }
    const entry = contract[channel];
    const parsed = entry.request.safeParse(rawPayload);
    if (!parsed.success) {
      return {
        ok: false,
        error: describeIssues(parsed.error),
      };
    }
    try {
      const handler = handlers[channel] as (payload: unknown, context: CallContext) => unknown;
      const value = await handler(parsed.data, context);
      return { ok: true, value };
    } catch (error) {
      if (error instanceof IpcFailure)
        return { ok: false, error: { code: error.code, message: error.message } };
      log(`IPC ${channel} failed: ${error instanceof Error ? error.message : String(error)}`);
      return {
        ok: false,
        error: { code: 'internal', message: 'Something went wrong in Runnel. Please try again.' },
      };
    }
  };
}

export type Dispatch = ReturnType<typeof createDispatcher>;
