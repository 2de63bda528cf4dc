import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An in-process HTTP server speaking the OpenAI-compatible `POST /v1/embeddings` contract
 * (as Ollama, vLLM, llama.cpp's server, TEI and LocalAI serve it), for contract tests: real
 * HTTP, our client unmocked. Its « model » is a toy written for the tests: one axis per
 * idea of `IDEAS` (a text leaning on the ideas whose words it contains, in any wording the
 * list gives), so texts that share no word but one idea come out close, as with a real
 * sentence model. `mode` makes it fail in the ways a real service does.
 */
export const IDEAS: string[][] = [
  ['cotisation', 'carte', 'payer', 'annuelle', 'paiement', 'tarif'],
  ['présence', 'absent', 'siéger', 'séances', 'assiduité', 'chaises'],
  ['journal', 'lettre', 'nouvelles', 'informés', 'bulletin'],
  ['train', 'bus', 'covoiturage', 'trajet', 'route'],
];

export type Mode = 'ok' | 'error' | 'hang' | 'garbage' | 'short' | 'shuffled';

export interface EmbeddingServer {
  url: string;
  /** Requests received: path, headers, parsed body. */
  requests: { path: string; authorization?: string; contentType?: string; body: { model?: string; input?: string[] } }[];
  mode: Mode;
  close(): Promise<void>;
}

export function toyVector(text: string): number[] {
  const lower = text.toLowerCase();
  const v = IDEAS.map((words) => words.filter((w) => lower.includes(w)).length);
  // A small constant axis: texts of no idea still get a vector.
  v.push(0.05);
  return v;
}

const read = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let data = '';
    req.on('data', (chunk) => (data += chunk));
    req.on('end', () => resolve(data));
  });

export async function startEmbeddingServer(mode: Mode = 'ok'): Promise<EmbeddingServer> {
  const state: EmbeddingServer = { url: '', requests: [], mode, close: async () => undefined };
  const server: Server = createServer(async (req, res) => {
    const raw = await read(req);
    let body: { model?: string; input?: string[] } = {};
    try {
      body = JSON.parse(raw);
    } catch {
      // recorded as empty
    }
    state.requests.push({ path: req.url ?? '', authorization: req.headers.authorization, contentType: req.headers['content-type'], body });
    if (req.method !== 'POST' || req.url !== '/v1/embeddings') {
      res.writeHead(404).end();
      return;
    }
    if (state.mode === 'hang') return; // never answers
    if (state.mode === 'error') {
      res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"model not loaded"}');
      return;
    }
    if (state.mode === 'garbage') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"data": [1, 2');
      return;
    }
    const input = body.input ?? [];
    const data = input.map((text, index) => ({ object: 'embedding', index, embedding: toyVector(text) }));
    if (state.mode === 'short') data.pop();
    if (state.mode === 'shuffled') data.reverse();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', model: body.model, data, usage: { prompt_tokens: 0, total_tokens: 0 } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
