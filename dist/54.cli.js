export const id = 54;
export const ids = [54];
export const modules = {

/***/ 8218:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ProxyAgent: () => (/* binding */ ProxyAgent),
/* harmony export */   fetch: () => (/* binding */ fetch)
/* harmony export */ });
/**
 * What the bundles carry in place of undici (tsconfig.json maps the module here; ncc follows
 * that map). @actions/http-client and @actions/github import undici for their proxy
 * dispatcher and fetch (`getAgentDispatcher`, `getOctokit`'s default fetch), which the gate
 * never calls: its requests go over node:http through http-client's agents (./http.ts), the
 * fetch under Octokit is ours (./octokit.ts). Bundled, undici was half of the REST chunk and
 * most of the time to load it (its evaluation pulls in http2, worker threads, web streams and
 * more), inside every online run's first request. Anything that reaches for it fails loudly.
 * Tests run against the real package (jest does not read the map).
 */
const absent = (what) => {
    throw new Error(`undici's ${what} is not part of release-gate's bundle: the gate's requests go through node:http (src/resolve/http.ts)`);
};
class ProxyAgent {
    constructor() {
        absent('ProxyAgent');
    }
}
function fetch() {
    return absent('fetch');
}


/***/ }),

/***/ 8687:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  BodyTooLarge: () => (/* reexport */ BodyTooLarge),
  Final: () => (/* binding */ Final),
  Timeout: () => (/* reexport */ Timeout),
  createClient: () => (/* binding */ createClient),
  transport: () => (/* binding */ transport)
});

// EXTERNAL MODULE: ./node_modules/@actions/github/lib/utils.js + 20 modules
var utils = __webpack_require__(5250);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-retry/dist-bundle/index.js
var dist_bundle = __webpack_require__(9735);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-throttling/dist-bundle/index.js
var plugin_throttling_dist_bundle = __webpack_require__(2094);
// EXTERNAL MODULE: ./node_modules/bottleneck/light.js
var light = __webpack_require__(3251);
var light_default = /*#__PURE__*/__webpack_require__.n(light);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
;// CONCATENATED MODULE: ./src/resolve/http.ts
/**
 * One HTTP(S) GET over node:http/https with keep-alive: no lazy-loaded fetch stack on the
 * first request, connections reused across the run. Redirects are returned, not followed (the
 * caller decides where the token may go); bodies are capped while they stream in. Large
 * bodies (artifacts, tarballs) are handed over as a stream instead, with their own limit and
 * an idle timeout rather than a total one. This is the transport under Octokit (./octokit.ts)
 * and of the OIDC key fetch.
 */

class BodyTooLarge extends Error {
    name = 'BodyTooLarge';
}
class Timeout extends Error {
    name = 'Timeout';
}
function headersOf(res) {
    return {
        get: (n) => {
            const v = res.headers[n.toLowerCase()];
            return v === undefined ? null : Array.isArray(v) ? v.join(', ') : String(v);
        },
        names: () => Object.keys(res.headers),
    };
}
/**
 * Connections come from @actions/http-client's agents, which honour `HTTPS_PROXY`/`HTTP_PROXY`
 * and `NO_PROXY` as the runner documents them (a CONNECT tunnel through the proxy; loopback is
 * never proxied), with keep-alive. The proxy variables are read for each request.
 */
const clients = new Map();
function agentFor(n, u) {
    // one client per scheme: a client keeps one proxy agent, made for the scheme it first saw
    let c = clients.get(u.protocol);
    if (!c)
        clients.set(u.protocol, (c = new n.HttpClient('release-gate', [], { keepAlive: true, maxSockets: 64 })));
    return c.getAgent(u.toString());
}
let net;
function loadNet() {
    return (net ??= Promise.all([Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 7067, 23)), Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 4708, 23)), __webpack_require__.e(/* import() */ 942).then(__webpack_require__.bind(__webpack_require__, 4942))]).then(([h, s, c]) => ({ http: h.default, https: s.default, HttpClient: c.HttpClient })));
}
async function get(url, headers, timeoutMs, maxBytes) {
    const u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:')
        throw new Error(`unsupported protocol ${u.protocol}`);
    const n = await loadNet();
    const mod = u.protocol === 'https:' ? n.https : n.http;
    return new Promise((resolve, reject) => {
        let done = false;
        const finish = (f) => {
            if (done)
                return;
            done = true;
            clearTimeout(timer);
            f();
        };
        const req = mod.get(u, { headers, agent: agentFor(n, u) }, (res) => {
            const status = res.statusCode ?? 0;
            const h = headersOf(res);
            if (status >= 300 && status < 400) {
                res.resume();
                finish(() => resolve({ status, headers: h, body: Buffer.alloc(0) }));
                return;
            }
            const len = Number(res.headers['content-length'] ?? '0');
            if (len > maxBytes) {
                finish(() => reject(new BodyTooLarge(`${len} bytes, over the ${maxBytes}-byte limit`)));
                res.destroy();
                return;
            }
            const chunks = [];
            let total = 0;
            res.on('data', (c) => {
                total += c.length;
                if (total > maxBytes) {
                    finish(() => reject(new BodyTooLarge(`over the ${maxBytes}-byte limit`)));
                    res.destroy();
                    return;
                }
                chunks.push(c);
            });
            res.on('end', () => finish(() => resolve({ status, headers: h, body: Buffer.concat(chunks) })));
            res.on('aborted', () => finish(() => reject(new Error('the connection closed before the body was complete'))));
            res.on('error', (e) => finish(() => reject(e)));
            res.on('close', () => {
                if (!res.complete)
                    finish(() => reject(new Error('the connection closed before the body was complete')));
            });
        });
        const timer = setTimeout(() => {
            req.destroy();
            finish(() => reject(new Timeout(`no answer within ${timeoutMs} ms`)));
        }, timeoutMs);
        req.on('error', (e) => finish(() => reject(e)));
    });
}
/**
 * GET whose 2xx body is handed over as a stream (never held in memory), capped at `maxBytes`
 * (the stream fails with BodyTooLarge) and failing with Timeout after `idleMs` without data;
 * redirects are returned; other statuses keep up to 64 KiB of body for the error message.
 */
async function http_open(url, headers, idleMs, maxBytes) {
    const u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:')
        throw new Error(`unsupported protocol ${u.protocol}`);
    const n = await loadNet();
    const mod = u.protocol === 'https:' ? n.https : n.http;
    return new Promise((resolve, reject) => {
        let done = false;
        let timer;
        const finish = (f) => {
            if (done)
                return;
            done = true;
            f();
        };
        const req = mod.get(u, { headers, agent: agentFor(n, u) }, (res) => {
            clearTimeout(timer);
            const status = res.statusCode ?? 0;
            const h = headersOf(res);
            if (status < 200 || status >= 300) {
                const chunks = [];
                let total = 0;
                const idle = () => {
                    clearTimeout(timer);
                    timer = setTimeout(() => {
                        res.destroy();
                        finish(() => reject(new Timeout(`no data for ${idleMs} ms`)));
                    }, idleMs);
                };
                idle();
                res.on('data', (c) => {
                    idle();
                    if (total < 65_536)
                        chunks.push(c);
                    total += c.length;
                });
                res.on('end', () => {
                    clearTimeout(timer);
                    finish(() => resolve({ status, headers: h, body: Buffer.concat(chunks).subarray(0, 65_536) }));
                });
                res.on('error', (e) => {
                    clearTimeout(timer);
                    finish(() => reject(e));
                });
                return;
            }
            const len = Number(res.headers['content-length'] ?? '0');
            if (len > maxBytes) {
                res.destroy();
                finish(() => reject(new BodyTooLarge(`${len} bytes, over the ${maxBytes}-byte limit`)));
                return;
            }
            let total = 0;
            let idleTimer;
            const idle = () => {
                clearTimeout(idleTimer);
                idleTimer = setTimeout(() => out.destroy(new Timeout(`no data for ${idleMs} ms`)), idleMs);
            };
            const out = new external_node_stream_.Transform({
                transform(c, _e, cb) {
                    idle();
                    total += c.length;
                    if (total > maxBytes)
                        return cb(new BodyTooLarge(`over the ${maxBytes}-byte limit`));
                    cb(null, c);
                },
                flush(cb) {
                    clearTimeout(idleTimer);
                    if (!res.complete)
                        return cb(new Error('the connection closed before the body was complete'));
                    cb();
                },
                destroy(e, cb) {
                    clearTimeout(idleTimer);
                    res.destroy();
                    cb(e);
                },
            });
            idle();
            res.on('aborted', () => out.destroy(new Error('the connection closed before the body was complete')));
            res.on('error', (e) => out.destroy(e));
            res.on('close', () => {
                if (!res.complete)
                    out.destroy(new Error('the connection closed before the body was complete'));
            });
            res.pipe(out);
            finish(() => resolve({ status, headers: h, body: Buffer.alloc(0), stream: out }));
        });
        timer = setTimeout(() => {
            req.destroy();
            finish(() => reject(new Timeout(`no answer within ${idleMs} ms`)));
        }, idleMs);
        req.on('error', (e) => {
            clearTimeout(timer);
            finish(() => reject(e));
        });
    });
}

;// CONCATENATED MODULE: ./src/resolve/octokit.ts
/**
 * The REST client under GitHubApi, loaded on the first request (an offline run never loads
 * it): Octokit as @actions/github builds it (its `GitHub` class: base URL for GHES and
 * GHE.com, REST and pagination plugins, the runner's user agent), with @octokit/plugin-retry
 * (5xx and network failures, backoff) and @octokit/plugin-throttling (primary and secondary
 * rate limits), over a fetch of our own. That fetch is where our rules hold, whatever Octokit
 * or a plugin does above it:
 * - the connection comes from @actions/http-client's proxy agents (`HTTPS_PROXY`,
 *   `HTTP_PROXY`, `NO_PROXY`, as the runner documents them), decided per destination;
 * - the token is added here, and only for the API's own origin (Octokit never holds it, so no
 *   Octokit error, log or plugin can carry it anywhere); redirects are followed here, one hop
 *   at a time, so a redirect off the API's host goes without it;
 * - every request (retries and redirects included) is counted, and none starts once the
 *   run's time budget is spent; a retry whose wait would pass it is not made (`budget`);
 * - a timeout bounds each request; a JSON body is read with a size cap before Octokit parses
 *   it; a streamed body (artifacts, tarballs) has its own cap and an idle timeout instead.
 */






/** A failure the plugins must not retry: Octokit passes an `AbortError` through untouched. */
class Final extends Error {
    cause;
    name = 'AbortError';
    constructor(cause) {
        super(cause.message);
        this.cause = cause;
    }
}
const REDIRECT = new Set([301, 302, 303, 307, 308]);
function response(r, url, stream) {
    return {
        status: r.status,
        url: url.toString(),
        headers: {
            get: r.headers.get,
            *[Symbol.iterator]() {
                for (const n of r.headers.names?.() ?? []) {
                    const v = r.headers.get(n);
                    if (v !== null)
                        yield [n, v];
                }
            },
        },
        body: stream ?? r.body,
        text: async () => r.body.toString('utf8'),
        json: async () => JSON.parse(r.body.toString('utf8')),
        arrayBuffer: async () => r.body.buffer.slice(r.body.byteOffset, r.body.byteOffset + r.body.byteLength),
    };
}
/**
 * The fetch Octokit calls (`request.fetch`), over node:http with @actions/http-client's proxy
 * agents (./http.ts): one GET per hop, redirects followed here. Undici's fetch, which
 * @actions/github uses by default, cost three to four times the CPU per request (web streams)
 * and made the resolution bench miss its target on two cores.
 */
function transport(o) {
    return async (input, init = {}) => {
        let url = new URL(String(input));
        if ((init.method ?? 'GET') !== 'GET')
            throw new Final(new Error(`${init.method} is not a request the gate makes`));
        const given = {};
        for (const [k, v] of Object.entries(init.headers ?? {}))
            if (k.toLowerCase() !== 'authorization')
                given[k.toLowerCase()] = String(v); // the token is ours to add, never Octokit's
        for (let redirects = 0;; redirects++) {
            const left = o.deadline - Date.now();
            if (left <= 0)
                throw new Final(o.budget(url.toString()));
            const headers = { ...given };
            if (o.token && url.origin === o.origin)
                headers.authorization = `Bearer ${o.token}`;
            o.count();
            let r;
            let stream;
            try {
                if (o.stream) {
                    const s = await http_open(url.toString(), headers, o.timeoutMs, o.maxBytes);
                    r = s;
                    stream = s.stream;
                }
                else
                    r = await get(url.toString(), headers, Math.min(o.timeoutMs, left), o.maxBytes);
            }
            catch (e) {
                if (e instanceof BodyTooLarge)
                    throw new Final(e);
                // a plain error: Octokit makes it a RequestError with status 500, which the retry plugin retries
                throw e;
            }
            if (REDIRECT.has(r.status)) {
                stream?.destroy();
                const loc = r.headers.get('location');
                if (!loc || redirects >= 5)
                    throw new Final(Object.assign(new Error(`too many redirects or no Location (HTTP ${r.status})`), { status: r.status }));
                url = new URL(loc, url);
                continue;
            }
            return response(r, url, stream);
        }
    };
}
const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
/**
 * Requests already go through our pool (bounded, deeper nodes of the action graph first), so
 * the throttling plugin's Bottleneck queues are replaced by what the plugin needs of them and
 * no more: `global` runs each request at once (Bottleneck's group would hold all but 10, in
 * arrival order), and `retryLimiter` runs a request and, when it fails, asks the plugin's
 * handler how long to wait before the next try (Bottleneck's `failed` event contract). The
 * plugin still detects primary and secondary rate limits and computes the wait; the decision
 * to wait is ours (`onRateLimit`). Bottleneck's locking cost about 1 ms of CPU per request and
 * serialised concurrent requests.
 */
const immediate = {
    key: () => ({ schedule: (_o, f, ...a) => Promise.resolve().then(() => f(...a)) }),
};
class RetryLimiter {
    failed;
    on(event, f) {
        if (event === 'failed')
            this.failed = f;
    }
    async schedule(f, ...args) {
        for (let retryCount = 0;; retryCount++) {
            try {
                return await f(...args);
            }
            catch (e) {
                const wait = await this.failed?.(e, { args, retryCount });
                if (typeof wait !== 'number')
                    throw e;
                await new Promise((r) => setTimeout(r, wait));
            }
        }
    }
}
/**
 * Ours, applied first so its hook sees each failure before the retry plugin does: a failure
 * the retry plugin would retry (network, timeout, 5xx) is made final when the wait before the
 * next try would pass the run's time budget, so the error says what failed rather than that
 * the budget ran out.
 */
function budget(octokit, options) {
    const b = options.budget;
    if (!b)
        return {};
    const attempts = new WeakMap(); // per request: its options object is the same on every try
    octokit.hook.error('request', (error, opts) => {
        const e = error;
        if (e?.name === 'AbortError' || (e?.response && (e.status ?? 0) < 500))
            throw error;
        const n = (attempts.get(opts) ?? 0) + 1;
        attempts.set(opts, n);
        if (Date.now() + b.backoffMs * n * n >= b.deadline)
            throw new Final(error);
        throw error;
    });
    return {};
}
function noTimerTurns() {
    const proto = (light_default()).prototype;
    const store = Object.getPrototypeOf(new (light_default())()._store);
    const { yieldLoop } = store;
    const run = proto._run;
    if (typeof yieldLoop !== 'function' || yieldLoop.length > 1 || typeof run !== 'function' || run.length !== 3 || typeof proto._clearGlobalState !== 'function' || typeof proto._free !== 'function')
        return;
    store.yieldLoop = function (t = 0) {
        return t > 0 ? yieldLoop.call(this, t) : this.Promise.resolve();
    };
    proto._run = function (index, job, wait) {
        const scheduled = run.call(this, index, job, wait);
        const s = this._scheduled[index];
        if (wait > 0 || !s?.timeout)
            return scheduled;
        clearTimeout(s.timeout);
        const clear = this._clearGlobalState.bind(this, index);
        const again = this._run.bind(this, index, job);
        const free = this._free.bind(this, index, job);
        queueMicrotask(() => void job.doExecute(this._limiter, clear, again, free));
        return scheduled;
    };
}
noTimerTurns();
const Client = utils/* GitHub */.gq.plugin(budget, dist_bundle/* retry */.L, plugin_throttling_dist_bundle/* throttling */.A);
function createClient(o) {
    const limit = (seconds, options, _octokit, retryCount) => o.onRateLimit(seconds, /^https?:/.test(options.url) ? options.url : `${o.baseUrl}${options.url}`, retryCount);
    return new Client({
        baseUrl: o.baseUrl,
        userAgent: (0,utils/* getUserAgentWithOrchestrationId */.fA)(o.userAgent) ?? o.userAgent,
        log: quiet,
        request: { fetch: o.fetch },
        // the retry plugin waits 1, 4, 9… times the base; 429 is the throttling plugin's alone
        retry: { retries: o.retries, retryAfterBaseValue: o.backoffMs, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
        budget: { deadline: o.deadline, backoffMs: o.backoffMs },
        throttle: { global: immediate, retryLimiter: new RetryLimiter(), onRateLimit: limit, onSecondaryRateLimit: limit },
    });
}


/***/ })

};
