/**
 * The fault server's HTTP face, for what only HTTP can do wrong: a Streamable HTTP MCP endpoint on
 * loopback (plain JSON answers, no sessions) whose `huge` tool answers with megabytes of JSON, streamed.
 * Tools: echo {text}, huge {megabytes}.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export interface FaultMcpHttpServer {
  url: string;
  close(): Promise<void>;
}

const tools = [
  {
    name: 'echo',
    description: 'Answers with the text it was given.',
    inputSchema: { type: 'object' },
  },
  { name: 'huge', description: 'Answers with megabytes of text.', inputSchema: { type: 'object' } },
];

async function bodyOf(request: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of request) text += String(chunk);
  return text;
}

function json(response: ServerResponse, value: object): void {
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}

async function streamHuge(response: ServerResponse, id: unknown, megabytes: number): Promise<void> {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.write(
    `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":{"content":[{"type":"text","text":"`,
  );
  const chunk = 'x'.repeat(1024 * 1024);
  for (let i = 0; i < megabytes && !response.destroyed; i += 1) {
    if (!response.write(chunk))
      await new Promise((resolve) => response.once('drain', resolve).once('close', resolve));
  }
  response.end('"}]}}');
}

export async function startFaultMcpHttpServer(): Promise<FaultMcpHttpServer> {
  const server = createServer((request, response) => {
    void (async () => {
      if (request.method !== 'POST') {
        response.writeHead(405).end();
        return;
      }
      const message = JSON.parse(await bodyOf(request)) as {
        id?: unknown;
        method?: string;
        params?: {
          name?: string;
          arguments?: { text?: string; megabytes?: number };
          protocolVersion?: string;
        };
      };
      if (message.id === undefined) {
        response.writeHead(202).end();
        return;
      }
      const { id, method, params } = message;
      if (method === 'initialize') {
        json(response, {
          jsonrpc: '2.0',
          id,
          result: {
            protocolVersion: params?.protocolVersion,
            capabilities: { tools: {} },
            serverInfo: { name: 'runnel-fault-mcp-http', version: '1.0.0' },
          },
        });
      } else if (method === 'tools/list') {
        json(response, { jsonrpc: '2.0', id, result: { tools } });
      } else if (method === 'tools/call' && params?.name === 'huge') {
        await streamHuge(response, id, params.arguments?.megabytes ?? 50);
      } else if (method === 'tools/call') {
        json(response, {
          jsonrpc: '2.0',
          id,
          result: { content: [{ type: 'text', text: String(params?.arguments?.text ?? '') }] },
        });
      } else {
        json(response, {
          jsonrpc: '2.0',
          id,
          error: { code: -32601, message: `Method not found: ${method}` },
        });
      }
    })().catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
