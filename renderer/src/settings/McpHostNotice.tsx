/**
 * What Settings → Tools says about the process the MCP servers run in, when there is something to
 * say: it stopped and is being restarted, it stopped too often and tools are off, or it stopped earlier
 * and was restarted (kept, so a crash that healed itself in a second is still told). Nothing while it
 * simply runs.
 */
import type { McpHostStatusView } from '../../../preload/contract';

const clock = (at: number): string =>
  new Date(at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

/** The notice's words, or null when there is nothing to say. */
export function hostNoticeWords(host: McpHostStatusView | undefined): string | null {
  switch (host?.state) {
    case 'restarting':
      return `${host.reason} Runnel is restarting it with its servers (try ${host.attempt}); a tool call that was running has failed and can be asked again.`;
    case 'failed':
      return `${host.reason} Restart Runnel to use tools again; if it keeps stopping, switch off the server you added last.`;
    case 'running':
      return host.restarted
        ? `${host.restarted.reason} Runnel restarted it at ${clock(host.restarted.at)}, with its servers.`
        : null;
    default:
      return null;
  }
}

export function McpHostNotice({ host }: { host: McpHostStatusView | undefined }) {
  const words = hostNoticeWords(host);
  if (!words || !host) return null;
  const severe = host.state !== 'running';
  return (
    <p
      className={`notice ${severe ? 'notice-error' : 'notice-warning'}`}
      data-testid="mcp-host-status"
      data-state={host.state}
      role={severe ? 'alert' : 'status'}
    >
      {words}
    </p>
  );
}
