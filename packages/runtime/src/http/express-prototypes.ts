import { IncomingMessage, ServerResponse, type ServerOptions } from 'node:http';
import type { Express } from 'express';

/** Every property an express prototype carries above node's own prototype, nearest first winning. */
function expressDescriptorsOf(prototype: object, nodePrototype: object): PropertyDescriptorMap | undefined {
  const layers: object[] = [];
  for (let layer: object | null = prototype; layer !== nodePrototype; layer = Object.getPrototypeOf(layer)) {
    if (layer === null) return undefined;
    layers.push(layer);
  }
  return Object.assign({}, ...layers.reverse().map((layer) => Object.getOwnPropertyDescriptors(layer)));
}

/**
 * Request and response classes for node's HTTP server whose prototypes are the app's own `app.request` and
 * `app.response`, which become those prototypes.
 *
 * express hands every request and response its app's prototypes with `Object.setPrototypeOf`, once per request.
 * V8 answers a changed prototype by dropping what its inline caches learned about the object, so every property
 * read in node's HTTP and stream code and in express misses its cache and walks the prototype chain again
 * (expressjs/express#5998). Measured here: 0.25 ms of CPU per request for a one-route express app, 0.07 ms when
 * the server constructs them with the prototype already in place, since `setPrototypeOf` to the prototype an
 * object already has changes nothing. The prototypes are flattened (express's methods and the app's `app`
 * property on one object above node's) to keep the chain as short as plain node's plus one.
 *
 * Sub-apps mounted before this still swap prototypes for the requests they handle; they work as before.
 */
export function adoptExpressPrototypes(app: Express): ServerOptions | undefined {
  const requestProperties = expressDescriptorsOf(app.request, IncomingMessage.prototype);
  const responseProperties = expressDescriptorsOf(app.response, ServerResponse.prototype);
  if (!requestProperties || !responseProperties) return undefined;
  class ExpressRequest extends IncomingMessage {}
  class ExpressResponse extends ServerResponse {}
  Object.defineProperties(ExpressRequest.prototype, requestProperties);
  Object.defineProperties(ExpressResponse.prototype, responseProperties);
  app.request = ExpressRequest.prototype as Express['request'];
  app.response = ExpressResponse.prototype as unknown as Express['response'];
  return { IncomingMessage: ExpressRequest, ServerResponse: ExpressResponse as typeof ServerResponse };
}
