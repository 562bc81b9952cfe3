/**
 * A stdio MCP server that misbehaves on request, for the host's fault tests. Hand-written JSON-RPC over
 * stdin/stdout (not the SDK's server) so it can answer what no SDK would send: half a JSON object, 50 MB,
 * nothing at all. Each fault is a tool, so one server shows the host surviving each in turn; faults that
 * happen before any call are flags:
 *
 *   node --import tsx test/fault-mcp-server/server.ts [--exit-at-start] [--stderr-flood] [--odd-names]
 *     [--media]
 *
 * Tools: echo {text}, crash, hang, malformed, huge {megabytes}, add_tool (then says tools/list_changed),
 * and with --media, media (a picture, images that must not be shown, and links of several schemes).
 */
import { createInterface } from 'node:readline';

const flags = new Set(process.argv.slice(2));

if (flags.has('--exit-at-start')) {
  // Echoes its token, as careless servers print their environment: the host must not pass it on.
  const token = process.env.FAULT_TOKEN;
  process.stderr.write(
    `fault server: refusing to start (--exit-at-start)\n${token ? `Error: FAULT_TOKEN=${token} was refused` : 'Error: missing FAULT_TOKEN'}\n`,
  );
  process.exit(3);
}

// A closed pipe (the host stopped reading a huge answer) is expected here, not a crash to report.
process.stdout.on('error', () => process.exit(0));

interface Request {
  id?: number | string;
  method?: string;
  params?: { name?: string; arguments?: Record<string, unknown>; protocolVersion?: string };
}

const tools: { name: string; description: string; inputSchema: object; annotations?: object }[] = [
  {
    name: 'echo',
    description: 'Answers with the text it was given.',
    inputSchema: { type: 'object', properties: { text: { type: 'string' } } },
    annotations: { readOnlyHint: true },
  },
  {
    name: 'crash',
    description: 'Exits in the middle of the call.',
    inputSchema: { type: 'object' },
  },
  { name: 'hang', description: 'Never answers.', inputSchema: { type: 'object' } },
  {
    name: 'malformed',
    description: 'Answers with half a JSON-RPC message.',
    inputSchema: { type: 'object' },
  },
  {
    name: 'huge',
    description: 'Answers with megabytes of text.',
    inputSchema: { type: 'object', properties: { megabytes: { type: 'number' } } },
  },
  {
    name: 'add_tool',
    description: 'Adds a tool and says the list changed.',
    inputSchema: { type: 'object' },
  },
];

/** A 48 × 32 PNG of four coloured blocks. */
export const FAULT_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAADAAAAAgCAIAAADbtmxLAAAAPElEQVR4nO3OQQ0AMAgEMKQgBWmTNimTMhMXXk0qoPXORHRICQkJCQkJCQlth+5EdIiQkJCQkJCQ0HLoA8WsQHlL22IvAAAAAElFTkSuQmCC';
const mediaResult = {
  content: [
    { type: 'text', text: 'Here is the chart.' },
    { type: 'image', mimeType: 'image/png', data: FAULT_PNG },
    // Script in an SVG, and HTML that says it is a PNG: neither may become a picture.
    {
      type: 'image',
      mimeType: 'image/svg+xml',
      data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>').toString(
        'base64',
      ),
    },
    {
      type: 'image',
      mimeType: 'image/png',
      data: Buffer.from('<img src=x onerror=alert(1)>').toString('base64'),
    },
    { type: 'resource_link', uri: 'https://example.com/report', name: 'The full report' },
    { type: 'resource_link', uri: 'javascript:alert(1)', name: 'Click me' },
    { type: 'resource', resource: { uri: 'file:///tmp/chart-data.csv', text: 'a,b\n1,2' } },
  ],
};
if (flags.has('--media')) {
  tools.push({
    name: 'media',
    description: 'Answers with a picture, images that must not be shown, and links.',
    inputSchema: { type: 'object' },
    annotations: { readOnlyHint: true },
  });
}
if (flags.has('--odd-names')) {
  tools.push(
    {
      name: 'a'.repeat(80),
      description: 'A name longer than the API allows.',
      inputSchema: { type: 'object' },
    },
    { name: '天気を調べる', description: 'A name in Japanese.', inputSchema: { type: 'object' } },
    { name: 'read.file v2', description: 'Dots and spaces.', inputSchema: { type: 'object' } },
  );
}

function send(message: object): void {
  process.stdout.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
}

function text(value: string): object {
  return { content: [{ type: 'text', text: value }] };
}

function callTool(id: number | string, name: string, args: Record<string, unknown>): void {
  switch (name) {
    case 'echo':
      return send({ id, result: text(String(args.text ?? '')) });
    case 'crash':
      process.stderr.write('fault server: crashing in the middle of a call\n');
      process.exit(1);
      return;
    case 'hang':
      return; // Never answers; the host's timeout must.
    case 'malformed':
      process.stdout.write(
        `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":{"content":[{"type":"te\n`,
      );
      return;
    case 'huge': {
      const megabytes = Number(args.megabytes ?? 50);
      const chunk = 'x'.repeat(1024 * 1024);
      process.stdout.write(
        `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":{"content":[{"type":"text","text":"`,
      );
      for (let i = 0; i < megabytes; i += 1) process.stdout.write(chunk);
      process.stdout.write('"}]}}\n');
      return;
    }
    case 'add_tool':
      tools.push({
        name: `added_${tools.length}`,
        description: 'Added at run time.',
        inputSchema: { type: 'object' },
      });
      send({ id, result: text('added') });
      send({ method: 'notifications/tools/list_changed' });
      return;
    case 'media':
      return send({ id, result: mediaResult });
    default:
      send({ id, error: { code: -32602, message: `Unknown tool: ${name}` } });
  }
}

function handle(request: Request): void {
  const { id, method, params } = request;
  if (id === undefined) return; // A notification: nothing to answer.
  switch (method) {
    case 'initialize':
      return send({
        id,
        result: {
          protocolVersion: params?.protocolVersion ?? '2025-06-18',
          capabilities: { tools: { listChanged: true } },
          serverInfo: { name: 'runnel-fault-mcp-server', version: '1.0.0' },
        },
      });
    case 'ping':
      return send({ id, result: {} });
    case 'tools/list':
      return send({ id, result: { tools } });
    case 'tools/call':
      return callTool(id, params?.name ?? '', params?.arguments ?? {});
    default:
      send({ id, error: { code: -32601, message: `Method not found: ${method}` } });
  }
}

if (flags.has('--stderr-flood')) {
  const line = `fault server: flooding stderr ${'.'.repeat(200)}\n`;
  const flood = (): void => {
    // Waits for the pipe to drain, so the flood is as fast as the reader and no faster.
    if (process.stderr.write(line)) setImmediate(flood);
    else process.stderr.once('drain', flood);
  };
  flood();
}

createInterface({ input: process.stdin }).on('line', (line) => {
  try {
    handle(JSON.parse(line) as Request);
  } catch {
    // Not JSON: a real server would log it; this one has nothing to add.
  }
});
