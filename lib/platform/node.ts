/**
 * The platform seam: every Node-only module the core stages use (request, response, auth, pipeline,
 * client) is imported here and nowhere else, so running restfit on another runtime means providing
 * this one module (web streams for Readable/Transform, TextDecoder for isUtf8, Web Crypto, fetch-side
 * agents). Entry points that are Node-only by nature (FileTokenStore, restfit/testing's fixtures,
 * restfit/redis, the CLI) import Node themselves.
 */
import * as http from 'node:http';
import * as https from 'node:https';

export { AsyncLocalStorage } from 'node:async_hooks';
export { isUtf8 } from 'node:buffer';
export { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
export { getEventListeners } from 'node:events';
export { Agent as HttpAgent } from 'node:http';
export { Agent as HttpsAgent } from 'node:https';
export { Readable, Transform } from 'node:stream';

type RequestOptions = http.RequestOptions & { protocol?: string };

/**
 * An axios `transport` that hands Node's `http(s).request` a null-prototype copy of its options, so a
 * polluted Object.prototype (`timeout`, `agent`, `lookup`, `socketPath`…) never reaches the socket.
 */
export const OWN_OPTIONS_TRANSPORT = Object.freeze({
  request(options: RequestOptions, callback: (response: http.IncomingMessage) => void): http.ClientRequest {
    const own: RequestOptions = Object.assign(Object.create(null), options);
    return (options.protocol === 'https:' ? https : http).request(own, callback);
  },
});
