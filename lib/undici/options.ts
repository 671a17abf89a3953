import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { Agent, Client, EnvHttpProxyAgent, Pool, ProxyAgent, type Dispatcher } from 'undici';
import { optionError } from './errors';

/** How `undiciAdapter()` connects. Every field is optional; an unknown field is an error. */
export interface UndiciAdapterOptions {
  /** Most connections per origin (the keep-alive pool size). Default: no limit, like Node's default agent. */
  connections?: number;
  /** How long an idle keep-alive connection is kept, ms. Default: undici's (4 s). */
  keepAliveTimeout?: number;
  /** Requests pipelined on one connection. Default 1 (no pipelining). */
  pipelining?: number;
  /** Most ms to establish a connection (TCP + TLS). Default: undici's (10 s). */
  connectTimeout?: number;
  /** Trusted CA certificates (PEM), replacing Node's defaults, as in `https.Agent`. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Client certificate chain (PEM) for mutual TLS. */
  cert?: string | Buffer | Array<string | Buffer>;
  /** Client private key (PEM) for mutual TLS. */
  key?: string | Buffer | Array<string | Buffer>;
  /** Passphrase of `key`. */
  passphrase?: string;
  /** `false` accepts any server certificate (tests only). Default true. */
  rejectUnauthorized?: boolean;
  /** TLS server name (SNI) when it differs from the URL's host. */
  servername?: string;
  /** Connect every request to this Unix domain socket (the URL still gives the Host header and path). */
  socketPath?: string;
  /** Send every request through this HTTP(S) proxy (undici's `ProxyAgent`): its URL, or ProxyAgent options. */
  proxy?: string | URL | ProxyAgent.Options;
  /** Use this undici dispatcher (an Agent, Pool, ProxyAgent, MockAgent…) instead of building one; excludes the connection fields above. */
  dispatcher?: Dispatcher;
}

const CONNECTION_FIELDS = [
  'connections',
  'keepAliveTimeout',
  'pipelining',
  'connectTimeout',
  'ca',
  'cert',
  'key',
  'passphrase',
  'rejectUnauthorized',
  'servername',
  'socketPath',
  'proxy',
] as const;
const KNOWN_FIELDS = new Set<string>([...CONNECTION_FIELDS, 'dispatcher']);
const TLS_FIELDS = ['ca', 'cert', 'key', 'passphrase', 'rejectUnauthorized', 'servername'] as const;

/** Rejects what `undiciAdapter()` would otherwise ignore: unknown fields and a dispatcher with connection fields. */
export function validateOptions(options: UndiciAdapterOptions): void {
  if (options === null || typeof options !== 'object') {
    throw optionError(`options must be an object, got ${String(options)}`);
  }
  for (const name of Object.keys(options)) {
    if (!KNOWN_FIELDS.has(name)) {
      throw optionError(`unknown option "${name}" (supported: ${[...KNOWN_FIELDS].join(', ')})`);
    }
  }
  if (options.dispatcher) {
    const clash = CONNECTION_FIELDS.find((name) => options[name] !== undefined);
    if (clash) {
      throw optionError(
        `option "${clash}" cannot be combined with "dispatcher" (configure the dispatcher itself)`,
      );
    }
  }
  for (const name of ['connections', 'keepAliveTimeout', 'pipelining', 'connectTimeout'] as const) {
    const value = options[name];
    if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
      throw optionError(`option "${name}" must be a non-negative integer, got ${String(value)}`);
    }
  }
}

/** The Agent options shared by every dispatcher the adapter builds. */
function agentOptions(options: UndiciAdapterOptions, socketPath = options.socketPath): Agent.Options {
  const connect: Record<string, unknown> = {};
  for (const name of TLS_FIELDS) if (options[name] !== undefined) connect[name] = options[name];
  if (socketPath !== undefined) connect.socketPath = socketPath;
  if (options.connectTimeout !== undefined) connect.timeout = options.connectTimeout;
  return {
    // axios's http adapter has no header or body timeout of its own: `timeout` (or restfit's deadline) bounds a call.
    headersTimeout: 0,
    bodyTimeout: 0,
    ...(options.connections ? { connections: options.connections } : {}),
    ...(options.keepAliveTimeout !== undefined ? { keepAliveTimeout: options.keepAliveTimeout } : {}),
    ...(options.pipelining !== undefined ? { pipelining: options.pipelining } : {}),
    connect,
  };
}

/** An axios `proxy` object (`{ protocol, host, port, auth }`) as a proxy URL. */
export interface AxiosProxy {
  protocol?: string;
  host: string;
  port?: number | string;
  auth?: { username: string; password: string };
}

function proxyUrl(proxy: AxiosProxy): string {
  const protocol = (proxy.protocol ?? 'http').replace(/:$/, '');
  const auth = proxy.auth
    ? `${encodeURIComponent(proxy.auth.username ?? '')}:${encodeURIComponent(proxy.auth.password ?? '')}@`
    : '';
  const host = proxy.host.includes(':') && !proxy.host.startsWith('[') ? `[${proxy.host}]` : proxy.host;
  return `${protocol}://${auth}${host}${proxy.port ? `:${proxy.port}` : ''}`;
}

/** Node agent options the undici pool covers by itself: keep-alive is always on, sockets are undici's. */
const AGENT_OPTIONS_COVERED = new Set([
  'keepAlive',
  'keepAliveMsecs',
  'noDelay',
  'path',
  'scheduling',
  'timeout',
  'maxFreeSockets',
  'proxyEnv',
]);
/** Node agent options that are TLS settings, handed to undici's connector (which calls tls.connect). */
const AGENT_TLS_OPTIONS = new Set([
  'ca',
  'cert',
  'key',
  'passphrase',
  'pfx',
  'rejectUnauthorized',
  'servername',
  'ciphers',
  'minVersion',
  'maxVersion',
  'ecdhCurve',
  'secureOptions',
  'checkServerIdentity',
  'crl',
]);

/** What a plain Node http(s).Agent asks for that undici must do too: pool size and TLS settings. */
interface AgentSettings {
  id: number;
  connections?: number;
  tls: Record<string, unknown>;
}

/**
 * The dispatchers one adapter uses: its default (built lazily, so merely creating the adapter opens
 * nothing), plus one per distinct socketPath / proxy / Node-agent settings seen in request configs.
 */
export class Dispatchers {
  private main?: Dispatcher;
  private readonly extra = new Map<string, Dispatcher>();
  private readonly agents = new WeakMap<object, AgentSettings | null>();
  private agentIds = 0;

  constructor(private readonly options: UndiciAdapterOptions) {}

  /** The adapter's own dispatcher: the given one, a ProxyAgent, an env-proxy agent, or a plain Agent. */
  get default(): Dispatcher {
    return (this.main ??=
      this.options.dispatcher ?? this.build(agentOptions(this.options), this.options.proxy));
  }

  private build(base: Agent.Options, proxy: UndiciAdapterOptions['proxy'] | false): Dispatcher {
    if (proxy) {
      const given = typeof proxy === 'string' || proxy instanceof URL ? { uri: String(proxy) } : proxy;
      return new ProxyAgent({
        ...base,
        requestTls: base.connect as ProxyAgent.Options['requestTls'],
        ...given,
      });
    }
    // Like axios's http adapter, honour HTTP_PROXY / HTTPS_PROXY / NO_PROXY unless `proxy: false`.
    if (proxy === undefined && hasEnvProxy()) return new EnvHttpProxyAgent(base);
    return new Agent({ ...base, factory: originPool });
  }

  /**
   * The dispatcher for one request config: the default, or one for its `socketPath`, its axios `proxy`
   * (or `proxy: false`), or the pool size and TLS settings of its Node `httpAgent` / `httpsAgent`.
   */
  for(
    socketPath: string | undefined,
    proxy: AxiosProxy | false | undefined,
    agent: object | undefined,
    agentOption: string,
  ): Dispatcher {
    const settings = agent ? this.agentSettings(agent, agentOption) : null;
    const directAnyway = proxy === false && this.options.proxy === undefined && !hasEnvProxy();
    if (socketPath === undefined && (proxy === undefined || directAnyway) && !settings) return this.default;
    if (this.options.dispatcher) {
      throw optionError(
        `a request's ${socketPath !== undefined ? 'socketPath' : proxy !== undefined ? 'proxy' : agentOption} cannot apply to the dispatcher passed in the options`,
      );
    }
    const proxyKey = proxy ? proxyUrl(proxy) : String(proxy);
    const key = `${socketPath ?? ''}\n${proxyKey}\n${settings?.id ?? ''}`;
    let dispatcher = this.extra.get(key);
    if (!dispatcher) {
      const base = agentOptions(this.options, socketPath ?? this.options.socketPath);
      if (settings) {
        if (settings.connections && !this.options.connections) base.connections = settings.connections;
        base.connect = { ...settings.tls, ...(base.connect as object) };
      }
      dispatcher = this.build(base, proxy ? proxyUrl(proxy) : proxy === false ? false : this.options.proxy);
      this.extra.set(key, dispatcher);
    }
    return dispatcher;
  }

  /** A plain Node agent's settings undici must honour, null when it has none; anything else fails loudly. */
  private agentSettings(agent: object, option: string): AgentSettings | null {
    let settings = this.agents.get(agent);
    if (settings !== undefined) return settings;
    const proto = Object.getPrototypeOf(agent);
    if (
      (proto !== HttpAgent.prototype && proto !== HttpsAgent.prototype) ||
      Object.hasOwn(agent, 'createConnection')
    ) {
      throw optionError(
        `the axios option "${option}" is a custom agent (${proto?.constructor?.name ?? 'unknown'}), which undici cannot use — pass its settings as undiciAdapter({ connections, ca, cert, key, proxy, … }) or an undici dispatcher`,
      );
    }
    const { options, maxSockets } = agent as { options: Record<string, unknown>; maxSockets: number };
    const tls: Record<string, unknown> = {};
    for (const name of Object.keys(options)) {
      const value = options[name];
      if (value === undefined || AGENT_OPTIONS_COVERED.has(name)) continue;
      if (AGENT_TLS_OPTIONS.has(name)) tls[name] = value;
      else if (name !== 'maxSockets') {
        throw optionError(
          `the axios option "${option}" sets "${name}", which the undici adapter does not support`,
        );
      }
    }
    const connections = Number.isFinite(maxSockets) ? maxSockets : undefined;
    settings = connections || Object.keys(tls).length ? { id: ++this.agentIds, connections, tls } : null;
    this.agents.set(agent, settings);
    return settings;
  }

  /** Closes every dispatcher built here (never a dispatcher the user passed in). */
  async close(): Promise<void> {
    await Promise.all(this.owned().map((d) => d.close()));
  }

  async destroy(): Promise<void> {
    await Promise.all(this.owned().map((d) => d.destroy()));
  }

  private owned(): Dispatcher[] {
    const owned = [...this.extra.values()];
    if (this.main && this.main !== this.options.dispatcher) owned.push(this.main);
    this.main = undefined;
    this.extra.clear();
    return owned;
  }
}

const POOL_EVENTS = new Set<string | symbol>(['connect', 'disconnect', 'connectionError']);

/**
 * undici's own per-origin pool (a Client for `connections: 1`), minus the connection events it emits
 * once closed. undici's Agent closes an origin's pool when its last connection drops (an aborted
 * request, say) and forgets it, but that pool still reconnects for the aborted request and then
 * disconnects — and the Agent counts that late 'disconnect' against the origin's *new* pool, which it
 * closes in turn: from then on every request got a connection of its own (undici 7.30; see
 * nodejs/undici#5845 for the reconnect). A closed pool is never the Agent's current one, so its
 * events have nothing to report to the Agent.
 */
function originPool(origin: URL | string, options: Agent.Options): Dispatcher {
  const pool: Pool | Client =
    options.connections === 1 ? new Client(origin, options) : new Pool(origin, options);
  const emit = pool.emit.bind(pool) as (event: string | symbol, ...args: unknown[]) => boolean;
  pool.emit = ((event: string | symbol, ...args: unknown[]) =>
    POOL_EVENTS.has(event) && (pool.closed || pool.destroyed)
      ? false
      : emit(event, ...args)) as typeof pool.emit;
  return pool;
}

function hasEnvProxy(): boolean {
  const env = process.env;
  return Boolean(env.HTTP_PROXY || env.http_proxy || env.HTTPS_PROXY || env.https_proxy);
}
