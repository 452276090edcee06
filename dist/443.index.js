export const id = 443;
export const ids = [443];
export const modules = {

/***/ 3774:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ep: () => (/* binding */ Timeout),
/* harmony export */   Jt: () => (/* binding */ get),
/* harmony export */   KQ: () => (/* binding */ BodyTooLarge),
/* harmony export */   ho: () => (/* binding */ open)
/* harmony export */ });
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_0__);
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
async function open(url, headers, idleMs, maxBytes) {
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
            const out = new node_stream__WEBPACK_IMPORTED_MODULE_0__.Transform({
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


/***/ }),

/***/ 2443:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   TamperError: () => (/* binding */ TamperError),
/* harmony export */   mintIdToken: () => (/* binding */ mintIdToken)
/* harmony export */ });
/* unused harmony exports GATE_AUDIENCE, pinnedIssuer, acceptedIssuer, requestUrlAllowed, decodeJwt, checkClaims */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3774);
/* harmony import */ var _hosts_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1119);
/**
 * The job's OIDC token, minted with a gate-specific audience. Its claims are signed by
 * GitHub, so they are preferred to environment variables a step could have changed: inside a
 * reusable workflow, `job_workflow_ref` names the file that defines the running job, while
 * `GITHUB_WORKFLOW_REF` names the caller. The signature is checked against the keys of the
 * issuer pinned by the server the run is on (github.com, a GHE.com subdomain, or a GitHub
 * Enterprise Server; never the token's own `iss`, which may only name that issuer or the
 * enterprise's custom issuer under it), with audience, expiry, repository and commit held
 * against the run; claims that do not verify are never used. The token itself is never
 * printed or stored.
 */




const GATE_AUDIENCE = 'release-gate';
/**
 * The ID token cannot be trusted: the request URL is not the runner's, or the token does not
 * verify against the pinned issuer's keys, or its claims are not this run's. A blocking result:
 * someone inside the job is handing the gate forged claims.
 */
class TamperError extends Error {
}
/**
 * The issuer the keys are fetched from, pinned by the server the run is on, never read from
 * the token: `https://token.actions.githubusercontent.com` on github.com;
 * `https://token.actions.SUBDOMAIN.ghe.com` on GHE.com (GitHub's docs: "The OIDC token is
 * issued from https://token.actions.SUBDOMAIN.ghe.com"); `https://HOST/_services/token` on
 * GitHub Enterprise Server.
 */
function pinnedIssuer(serverUrl) {
    const u = new URL(serverUrl);
    if (u.hostname.toLowerCase() === 'github.com')
        return 'https://token.actions.githubusercontent.com';
    const sub = (0,_hosts_js__WEBPACK_IMPORTED_MODULE_2__/* .gheComSubdomain */ .M)(serverUrl);
    if (sub)
        return `https://token.actions.${sub}.ghe.com`;
    return `${u.origin}/_services/token`;
}
/** An enterprise slug as GitHub writes it in a custom issuer (`include_enterprise_slug`). */
const ENTERPRISE_SLUG = /^[a-z0-9-]+$/;
/**
 * The issuer a token's `iss` names, when it is one the server pins: the pinned issuer itself,
 * or, on github.com and GHE.com, the enterprise's custom issuer, exactly `<pinned>/<slug>`
 * (an enterprise that set `include_enterprise_slug`). Its keys are then read from that path on
 * the pinned host: never from another host, never from a path the token chose otherwise.
 * Undefined for anything else.
 */
function acceptedIssuer(iss, serverUrl) {
    if (typeof iss !== 'string')
        return undefined;
    const pinned = pinnedIssuer(serverUrl);
    const named = iss.replace(/\/+$/, '');
    if (named === pinned)
        return pinned;
    const cloud = new URL(serverUrl).hostname.toLowerCase() === 'github.com' || (0,_hosts_js__WEBPACK_IMPORTED_MODULE_2__/* .gheComSubdomain */ .M)(serverUrl) !== undefined;
    if (!cloud || !named.startsWith(`${pinned}/`))
        return undefined;
    const slug = named.slice(pinned.length + 1);
    return ENTERPRISE_SLUG.test(slug) ? `${pinned}/${slug}` : undefined;
}
/**
 * Is the ID-token request URL one the runner gives? Over HTTPS, hosts compared
 * case-insensitively, as DNS does:
 * - github.com: a host under `actions.githubusercontent.com` (the runner's pipelines service);
 * - GHE.com: the same, or a host under the enterprise's own `SUBDOMAIN.ghe.com` (GitHub's
 *   "Network details for GHE.com" lists `*.SUBDOMAIN.ghe.com`, `*.actions.SUBDOMAIN.ghe.com`
 *   and `*.githubusercontent.com` as the hosts runners talk to, and does not name the token
 *   service's own; Pages sites, `*.pages.SUBDOMAIN.ghe.com`, serve users' files and are refused);
 * - GitHub Enterprise Server: the server's own host (or a host under it), on its protocol.
 * A token fetched from an allowed host is still only used when it verifies.
 */
function requestUrlAllowed(requestUrl, serverUrl) {
    let u;
    try {
        u = new URL(requestUrl);
    }
    catch {
        return false;
    }
    const server = new URL(serverUrl);
    const host = u.hostname.toLowerCase();
    const under = (h, d) => h === d || h.endsWith(`.${d}`);
    const actions = u.protocol === 'https:' && under(host, 'actions.githubusercontent.com');
    if (server.hostname.toLowerCase() === 'github.com')
        return actions;
    const sub = (0,_hosts_js__WEBPACK_IMPORTED_MODULE_2__/* .gheComSubdomain */ .M)(serverUrl);
    if (sub)
        return actions || (u.protocol === 'https:' && under(host, `${sub}.ghe.com`) && !under(host, `pages.${sub}.ghe.com`));
    const sh = server.hostname.toLowerCase();
    return u.protocol === server.protocol && under(host, sh);
}
function b64url(s) {
    return Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}
function decodeJwt(jwt) {
    const parts = jwt.split('.');
    if (parts.length !== 3)
        throw new TamperError('the ID token is not a JWT');
    try {
        return {
            header: JSON.parse(b64url(parts[0]).toString('utf8')),
            claims: JSON.parse(b64url(parts[1]).toString('utf8')),
            signed: Buffer.from(`${parts[0]}.${parts[1]}`),
            sig: b64url(parts[2]),
        };
    }
    catch {
        throw new TamperError('the ID token is not a JWT');
    }
}
/** GET JSON through the proxy-aware client (Node's fetch ignores HTTPS_PROXY); redirects are errors. */
async function getJson(url, headers, timeoutMs, route) {
    const res = await (0,_http_js__WEBPACK_IMPORTED_MODULE_1__/* .get */ .Jt)(route ? route(new URL(url)) : url, headers, timeoutMs, 1024 * 1024);
    if (res.status < 200 || res.status >= 300)
        throw new Error(`HTTP ${res.status} from ${new URL(url).host}`);
    try {
        return JSON.parse(res.body.toString('utf8'));
    }
    catch {
        throw new Error(`the answer from ${new URL(url).host} is not JSON`);
    }
}
/** The pinned issuer's signing keys. Its configuration may name the key set only on its own origin. */
async function issuerKeys(issuer, timeoutMs, route) {
    const origin = new URL(issuer).origin;
    let jwksUri = `${issuer}/.well-known/jwks`;
    try {
        const cfg = (await getJson(`${issuer}/.well-known/openid-configuration`, { accept: 'application/json' }, timeoutMs, route));
        if (typeof cfg?.jwks_uri === 'string') {
            if (new URL(cfg.jwks_uri).origin !== origin)
                throw new TamperError(`the issuer's configuration names keys on another host (${new URL(cfg.jwks_uri).host})`);
            jwksUri = cfg.jwks_uri;
        }
    }
    catch (e) {
        if (e instanceof TamperError)
            throw e;
    }
    const jwks = (await getJson(jwksUri, { accept: 'application/json' }, timeoutMs, route));
    return Array.isArray(jwks?.keys) ? jwks.keys : [];
}
/**
 * Claims against the run: issuer (the pinned one, or the enterprise's custom issuer under it),
 * audience, time, repository and commit. Throws TamperError.
 */
function checkClaims(c, issuer, expect) {
    const now = expect.now ?? Math.floor(Date.now() / 1000);
    const skew = 60;
    if (acceptedIssuer(c.iss, expect.serverUrl) !== issuer)
        throw new TamperError(`the ID token was issued by '${String(c.iss)}', not by ${issuer}`);
    const aud = Array.isArray(c.aud) ? c.aud : [c.aud];
    if (!aud.includes(GATE_AUDIENCE))
        throw new TamperError(`the ID token's audience is '${String(c.aud)}', not '${GATE_AUDIENCE}'`);
    if (typeof c.exp !== 'number')
        throw new TamperError('the ID token has no expiry');
    if (c.exp + skew < now)
        throw new TamperError('the ID token has expired');
    if (typeof c.nbf === 'number' && c.nbf - skew > now)
        throw new TamperError('the ID token is not valid yet');
    if (expect.repository && typeof c.repository === 'string' && c.repository.toLowerCase() !== expect.repository.toLowerCase())
        throw new TamperError(`the ID token is for repository '${c.repository}', but this run is in '${expect.repository}'`);
    if (expect.repository && typeof c.repository !== 'string')
        throw new TamperError('the ID token names no repository');
    if (expect.sha && typeof c.sha === 'string' && c.sha.toLowerCase() !== expect.sha.toLowerCase())
        throw new TamperError(`the ID token is for commit ${c.sha}, but this run is at ${expect.sha}`);
}
/**
 * Mint and verify the job's ID token. Returns undefined when the job cannot mint one (no
 * `id-token: write`: the request variables are absent). Throws TamperError when the request
 * URL is not the runner's or the token does not verify against the pinned issuer's keys, and
 * Error when the token could not be minted at all.
 */
async function mintIdToken(env, expect, timeoutMs = 10_000) {
    const url = env.ACTIONS_ID_TOKEN_REQUEST_URL;
    const token = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
    if (!url || !token)
        return undefined;
    if (!requestUrlAllowed(url, expect.serverUrl)) {
        let host = url;
        try {
            host = new URL(url).host;
        }
        catch {
            /* not a URL: named as given */
        }
        throw new TamperError(`ACTIONS_ID_TOKEN_REQUEST_URL points at ${host}, which is not the runner's token service for ${new URL(expect.serverUrl).host}`);
    }
    const u = new URL(url);
    u.searchParams.set('audience', GATE_AUDIENCE);
    const body = (await getJson(u.toString(), { authorization: `Bearer ${token}`, accept: 'application/json' }, timeoutMs, expect.route));
    if (typeof body?.value !== 'string')
        throw new Error('the ID token request returned no token');
    const jwt = decodeJwt(body.value);
    // the keys are those of the pinned issuer, or of the enterprise's custom issuer on the same
    // host (`<pinned>/<slug>`); a token naming anything else is not read further
    const issuer = acceptedIssuer(jwt.claims.iss, expect.serverUrl);
    if (!issuer)
        throw new TamperError(`the ID token was issued by '${String(jwt.claims.iss)}', not by ${pinnedIssuer(expect.serverUrl)}`);
    if (jwt.header.alg !== 'RS256')
        throw new TamperError(`the ID token is signed with '${String(jwt.header.alg)}', not RS256`);
    let keys;
    try {
        keys = await issuerKeys(issuer, timeoutMs, expect.route);
    }
    catch (e) {
        if (e instanceof TamperError)
            throw e;
        throw new TamperError(`the ID token could not be verified: the keys of ${issuer} could not be read (${e instanceof Error ? e.message : String(e)})`);
    }
    const jwk = keys.find((k) => k.kid === jwt.header.kid && (k.kty === undefined || k.kty === 'RSA'));
    if (!jwk)
        throw new TamperError(`the ID token is signed with key '${String(jwt.header.kid)}', which ${issuer} does not publish`);
    let ok = false;
    try {
        ok = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.verify)('RSA-SHA256', jwt.signed, (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)({ key: jwk, format: 'jwk' }), jwt.sig);
    }
    catch {
        ok = false;
    }
    if (!ok)
        throw new TamperError('the ID token signature does not verify');
    checkClaims(jwt.claims, issuer, expect);
    return { claims: jwt.claims, verified: true };
}


/***/ })

};
