export const id = 13;
export const ids = [13];
export const modules = {

/***/ 9013:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BodyTooLarge: () => (/* reexport safe */ _http_js__WEBPACK_IMPORTED_MODULE_2__.KQ),
/* harmony export */   Final: () => (/* binding */ Final),
/* harmony export */   Timeout: () => (/* reexport safe */ _http_js__WEBPACK_IMPORTED_MODULE_2__.Ep),
/* harmony export */   createClient: () => (/* binding */ createClient),
/* harmony export */   transport: () => (/* binding */ transport)
/* harmony export */ });
/* harmony import */ var _actions_github_lib_utils__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5250);
/* harmony import */ var _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9735);
/* harmony import */ var _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6856);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3774);
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
        // a body already read comes back as a one-chunk stream when asked for unparsed
        get body() {
            return stream ?? node_stream__WEBPACK_IMPORTED_MODULE_1__.Readable.from([r.body]);
        },
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
                    const s = await (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .open */ .ho)(url.toString(), headers, o.timeoutMs, o.maxBytes);
                    r = s;
                    stream = s.stream;
                }
                else
                    r = await (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .get */ .Jt)(url.toString(), headers, Math.min(o.timeoutMs, left), o.maxBytes);
            }
            catch (e) {
                if (e instanceof _http_js__WEBPACK_IMPORTED_MODULE_2__/* .BodyTooLarge */ .KQ)
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
const Client = _actions_github_lib_utils__WEBPACK_IMPORTED_MODULE_0__/* .GitHub */ .gq.plugin(budget, _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_3__/* .retry */ .L, _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_4__/* .throttling */ .A);
function createClient(o) {
    const limit = (seconds, options, _octokit, retryCount) => o.onRateLimit(seconds, /^https?:/.test(options.url) ? options.url : `${o.baseUrl}${options.url}`, retryCount);
    return new Client({
        baseUrl: o.baseUrl,
        userAgent: (0,_actions_github_lib_utils__WEBPACK_IMPORTED_MODULE_0__/* .getUserAgentWithOrchestrationId */ .fA)(o.userAgent) ?? o.userAgent,
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
