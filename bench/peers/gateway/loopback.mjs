// node --import ./gateway/loopback.mjs …/start-server.js: the Portkey gateway's start script calls
// @hono/node-server's serve() without a hostname, which binds every interface. These hooks hand the gateway a
// serve() that defaults to 127.0.0.1, so the benchmark never listens beyond loopback (the harness checks it).
import { register } from 'node:module';

register('./loopback-hooks.mjs', import.meta.url);
