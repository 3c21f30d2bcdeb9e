// @hono/node-server with serve() bound to 127.0.0.1 unless the caller names a host.
import * as real from '@hono/node-server';

export * from '@hono/node-server';

export function serve(options, listener) {
  return real.serve({ hostname: '127.0.0.1', ...options }, listener);
}
