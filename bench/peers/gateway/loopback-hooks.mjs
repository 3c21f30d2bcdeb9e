// Module resolution hooks (node:module register): every import of @hono/node-server except our own wrapper's
// gets the wrapper instead.
const wrapper = new URL('./hono-loopback.mjs', import.meta.url).href;

export async function resolve(specifier, context, next) {
  if (specifier === '@hono/node-server' && context.parentURL !== wrapper)
    return { url: wrapper, shortCircuit: true };
  return next(specifier, context);
}
