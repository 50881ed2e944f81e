import http from 'node:http';

/** A keep-alive JSON client: one agent with `sockets` connections, like `sockets` concurrent clients. */
export function createJsonClient(baseUrl: string, sockets: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  const { hostname, port } = new URL(baseUrl);
  let cookie = '';
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const request = http.request(
        {
          agent,
          hostname,
          port,
          method,
          path,
          headers: {
            ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
            ...(cookie ? { cookie } : {}),
            ...headers,
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString(), headers: response.headers }));
        },
      );
      request.on('error', reject);
      request.end(payload);
    });
  return {
    call,
    async login(email: string, password: string) {
      const response = await call('POST', '/api/v1/auth/login', { email, password });
      if (response.status !== 200) throw new Error(`login failed: ${response.status} ${response.body}`);
      const setCookie = response.headers['set-cookie']?.find((c) => c.startsWith('kefu_session='));
      cookie = setCookie!.split(';')[0]!;
    },
    close: () => agent.destroy(),
  };
}
