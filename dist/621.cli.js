export const id = 621;
export const ids = [621,395];
export const modules = {

/***/ 8621:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runLock: () => (/* binding */ runLock)
});

// UNUSED EXPORTS: TARBALL_MAX_BYTES, TarballHasher

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/context/local.ts
var context_local = __webpack_require__(8212);
// EXTERNAL MODULE: ./src/resolve/dirhash.ts
var dirhash = __webpack_require__(7395);
// EXTERNAL MODULE: ./src/resolve/ghasum.ts
var ghasum = __webpack_require__(855);
// EXTERNAL MODULE: ./src/resolve/graph.ts
var graph = __webpack_require__(8748);
// EXTERNAL MODULE: ./src/resolve/locks.ts
var resolve_locks = __webpack_require__(2752);
// EXTERNAL MODULE: ./src/resolve/lockfile.ts
var lockfile = __webpack_require__(2815);
// EXTERNAL MODULE: ./src/resolve/pool.ts
var pool = __webpack_require__(3316);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
;// CONCATENATED MODULE: ./src/resolve/tar.ts
/**
 * Reading the gzipped tarballs GitHub serves (`GET /repos/{o}/{r}/tarball/{sha}`): ustar and pax
 * headers, the top folder stripped — what the runner extracts. Bounded in entries and bytes.
 */

const TAR_LIMITS = { entries: 50_000, bytes: 512 * 1024 * 1024 };
function str(b, off, len) {
    const s = b.subarray(off, off + len);
    const z = s.indexOf(0);
    return s.subarray(0, z < 0 ? len : z).toString('utf8');
}
function octal(b, off, len) {
    const s = str(b, off, len).trim();
    return s ? parseInt(s, 8) : 0;
}
function readTarGz(gz) {
    const buf = (0,external_node_zlib_.gunzipSync)(gz, { maxOutputLength: TAR_LIMITS.bytes });
    const out = [];
    let p = 0;
    let paxPath;
    let paxLink;
    let longName;
    while (p + 512 <= buf.length) {
        const h = buf.subarray(p, p + 512);
        if (h.every((x) => x === 0))
            break;
        const size = octal(h, 124, 12);
        const type = String.fromCharCode(h[156] || 0x30);
        const body = buf.subarray(p + 512, p + 512 + size);
        p += 512 + Math.ceil(size / 512) * 512;
        if (type === 'g')
            continue; // pax global header (GitHub puts the commit id there)
        if (type === 'x') {
            const text = body.toString('utf8');
            for (const rec of text.split('\n')) {
                const m = /^\d+ (path|linkpath)=(.*)$/.exec(rec);
                if (m?.[1] === 'path')
                    paxPath = m[2];
                if (m?.[1] === 'linkpath')
                    paxLink = m[2];
            }
            continue;
        }
        if (type === 'L') {
            longName = str(body, 0, body.length);
            continue;
        }
        const prefix = str(h, 345, 155);
        const name = paxPath ?? longName ?? (prefix ? `${prefix}/${str(h, 0, 100)}` : str(h, 0, 100));
        const link = paxLink ?? str(h, 157, 100);
        paxPath = paxLink = longName = undefined;
        if (out.length >= TAR_LIMITS.entries)
            throw new Error(`the tarball has more than ${TAR_LIMITS.entries} entries`);
        // strip the top folder (owner-repo-sha/)
        const rel = name.split('/').slice(1).join('/');
        if (!rel || type === '5')
            continue;
        if (rel.split('/').some((s) => s === '..'))
            throw new Error(`tarball entry '${name}' would leave the folder`);
        if (type === '0' || type === '\0' || type === '7')
            out.push({ path: rel, data: Buffer.from(body), mode: octal(h, 100, 8) });
        else if (type === '2')
            out.push({ path: rel, data: Buffer.from(link), link, mode: 0o120000 });
    }
    return out;
}
/** The content h1 sees for a symlink: the file it points to inside the archive, if any. */
function followLinks(files) {
    const by = new Map(files.map((f) => [f.path, f]));
    return files.flatMap((f) => {
        if (f.link === undefined)
            return [{ path: f.path, data: f.data }];
        let target = f;
        for (let i = 0; i < 16 && target?.link !== undefined; i++) {
            const base = target.path.split('/').slice(0, -1);
            const parts = (target.link.startsWith('/') ? [] : base).concat(target.link.split('/'));
            const norm = [];
            for (const s of parts) {
                if (s === '..')
                    norm.pop();
                else if (s && s !== '.')
                    norm.push(s);
            }
            target = by.get(norm.join('/'));
        }
        // dirhash fails on a link it cannot open; the runner's copy would too
        return target && target.link === undefined ? [{ path: f.path, data: target.data }] : [];
    });
}

;// CONCATENATED MODULE: ./src/lock.ts
/**
 * `release-gate lock [workflow...] [--check]`: write or check ghasum's `gha.sum` for the
 * workflows' actions — direct and transitive, each hashed as ghasum does (dirhash h1, bare base64) from the tarball of the
 * commit it resolves to, with the top folder stripped, as the runner extracts it. It never
 * writes actions.lock: that file belongs to `gh actions-lock`, and GitHub's parser rejects
 * anything else in it. `--check` also reports workflows onboarded in actions.lock whose
 * dependencies are missing from it.
 */











/** Largest action tarball `release-gate lock` downloads. */
const TARBALL_MAX_BYTES = 512 * 1024 * 1024;
/** Hash of the tree GitHub serves for a commit, as the runner unpacks it. */
class TarballHasher {
    api;
    memo = new pool/* Memo */.l();
    pool = new pool.Pool(4);
    constructor(api) {
        this.api = api;
    }
    hash(owner, repo, sha) {
        return this.memo.get(`${owner}/${repo}@${sha}`.toLowerCase(), () => this.pool.run(async () => {
            // streamed to disk with its own limit (the 16 MiB cap of API answers is too small for some actions)
            const dir = await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'release-gate-tarball-'));
            try {
                const file = (0,external_node_path_.join)(dir, 'a.tar.gz');
                await this.api.download(`/repos/${owner}/${repo}/tarball/${sha}`, file, TARBALL_MAX_BYTES);
                return (0,dirhash/* ghasumSum */.vm)(followLinks(readTarGz(await (0,promises_.readFile)(file))));
            }
            finally {
                await (0,promises_.rm)(dir, { recursive: true, force: true });
            }
        }));
    }
}
async function runLock(opts) {
    const lines = [];
    const wanted = new Map();
    const hasher = new TarballHasher(opts.api);
    const missingInLock = [];
    let failed = false;
    const existingLocks = await (0,resolve_locks/* readLocks */.nA)(opts.reader, '', false);
    if (existingLocks.failures.length)
        return { code: 2, out: existingLocks.failures.map((f) => `release-gate: could not ${f.check}: ${f.reason}\n`).join('') };
    for (const wf of opts.workflows) {
        const path = (0,external_node_path_.relative)(opts.root, wf.file.startsWith('/') ? wf.file : (0,external_node_path_.join)(process.cwd(), wf.file)).split('\\').join('/');
        const locks = await (0,resolve_locks/* readLocks */.nA)(opts.reader, path, false);
        const local = (await (0,context_local/* loadLocal */.C8)(wf, opts.reader)).local;
        const scope = { targets: wf.jobs, jobs: wf.jobs, reason: 'all jobs', mode: 'all' };
        const locked = (0,resolve_locks/* lockedCommits */.Hi)(locks.facts);
        const res = await (0,graph.resolveScope)(wf, scope, local, { api: opts.api, ...(locked.size ? { locked } : {}) });
        for (const f of res.failures) {
            lines.push(`${wf.file}: could not ${f.check}: ${f.reason}`);
            failed = true;
        }
        const nodes = [];
        const seen = new Set();
        const walk = (n) => {
            if (!n || seen.has(n.id))
                return;
            seen.add(n.id);
            nodes.push(n);
            for (const e of n.children)
                walk(e.node);
        };
        for (const r of res.roots)
            walk(r.node);
        for (const n of nodes) {
            if (!n.sha)
                continue;
            const id = `${n.uses.owner}/${n.uses.repo}@${n.uses.ref}`;
            if (!wanted.has(id))
                wanted.set(id, await hasher.hash(n.uses.owner, n.uses.repo, n.sha));
            if (locks.facts.onboarded && !locks.facts.closure.has((0,lockfile/* pinKey */.D6)(n.uses.owner, n.uses.repo, n.uses.ref)))
                missingInLock.push(`${path}: ${id} is not in actions.lock`);
        }
    }
    const existing = existingLocks.facts.ghaSum;
    const merged = new Map();
    if (existing && !opts.all)
        for (const [k, v] of existing.entries)
            merged.set(k, v.sum);
    for (const [k, v] of wanted)
        merged.set(k, v);
    const text = (0,ghasum/* encodeGhaSum */.qF)(merged);
    if (opts.check) {
        const problems = [...missingInLock];
        for (const [id, sum] of [...wanted].sort()) {
            const have = existing?.entries.get(id);
            if (!have)
                problems.push(`${ghasum/* GHA_SUM_PATH */.Zk}: ${id} is missing`);
            else if (have.sum !== sum)
                problems.push(`${ghasum/* GHA_SUM_PATH */.Zk}:${have.line}: ${id} is stale: recorded ${have.sum}, the commit hashes to ${sum}`);
        }
        if (!existing)
            problems.unshift(`${ghasum/* GHA_SUM_PATH */.Zk} does not exist`);
        lines.push(...problems.sort());
        if (problems.length === 0 && !failed)
            lines.push(`${wanted.size} actions: ${ghasum/* GHA_SUM_PATH */.Zk} is up to date`);
        return { code: failed ? 2 : problems.length ? 1 : 0, out: lines.join('\n') + '\n', sum: text };
    }
    if (failed)
        return { code: 2, out: lines.join('\n') + '\n' };
    await (0,promises_.writeFile)((0,external_node_path_.join)(opts.root, ghasum/* GHA_SUM_PATH */.Zk), text);
    lines.push(`wrote ${ghasum/* GHA_SUM_PATH */.Zk}: ${merged.size} actions`);
    lines.push(...missingInLock);
    return { code: 0, out: lines.join('\n') + '\n', sum: text };
}


/***/ }),

/***/ 7395:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   hashDir: () => (/* binding */ hashDir),
/* harmony export */   vm: () => (/* binding */ ghasumSum)
/* harmony export */ });
/* unused harmony exports h1, gitBlobSha, readTree, ghasumSumFromDigests */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/**
 * Go's dirhash "h1" (golang.org/x/mod/sumdb/dirhash.Hash1): for every file, relative `/` paths
 * sorted by their UTF-8 bytes (Go's sort.Strings), a line `<hex sha256>  <path>\n`; the SHA-256
 * of those lines, base64, prefixed `h1:`. ghasum records it in gha.sum **without** the prefix
 * (chains-project/ghasum internal/ghasum/atoms.go: `strings.Replace(checksum, "h1:", "", 1)`),
 * so the functions here return the bare base64 that gha.sum holds. Also git's blob SHA-1, to
 * compare files with a commit's tree.
 */




/** Go's string order: by UTF-8 bytes (JS `<` compares UTF-16 units, which differs above U+FFFF). */
function byUtf8(a, b) {
    return Buffer.compare(Buffer.from(a.path, 'utf8'), Buffer.from(b.path, 'utf8'));
}
/** ghasum's checksum of a set of files: dirhash Hash1 without `h1:` (bare base64). */
function ghasumSum(files) {
    return ghasumSumFromDigests(files.map((f) => ({ path: f.path, sha256: (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(f.data).digest('hex') })));
}
/** Go's dirhash.Hash1 string, `h1:` included (what go.sum holds). */
function h1(files) {
    return `h1:${ghasumSum(files)}`;
}
function gitBlobSha(data) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha1').update(`blob ${data.length}\0`).update(data).digest('hex');
}
/**
 * Every file under `dir` (no directories), with `/` paths relative to it and the digests asked
 * for: git blob SHA-1 (comparing with a commit's tree) and/or SHA-256 (dirhash h1). Files are
 * read one at a time and not kept. Bounded.
 */
async function readTree(dir, want = { git: true, sha256: true }, limits = { files: 100_000, bytes: 4 * 1024 * 1024 * 1024 }) {
    const out = [];
    let bytes = 0;
    const stack = [{ abs: dir, rel: '' }];
    // a symlink is followed only to a file inside `dir`: never to the runner's other files
    // (`/proc/self/environ`, another action's directory, a FIFO that never ends)
    const root = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.realpathSync)(dir);
    const inside = (p) => p === root || p.startsWith(root.endsWith(node_path__WEBPACK_IMPORTED_MODULE_2__.sep) ? root : root + node_path__WEBPACK_IMPORTED_MODULE_2__.sep);
    while (stack.length) {
        const { abs, rel } = stack.pop();
        for (const e of (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readdirSync)(abs, { withFileTypes: true })) {
            const path = rel ? `${rel}/${e.name}` : e.name;
            const full = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(abs, e.name);
            if (e.isDirectory()) {
                stack.push({ abs: full, rel: path });
                continue;
            }
            if (!e.isFile() && !e.isSymbolicLink())
                continue;
            if (out.length >= limits.files)
                throw new Error(`more than ${limits.files} files under ${dir}`);
            if (e.isSymbolicLink()) {
                const target = Buffer.from((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readlinkSync)(full));
                let sha256;
                if (want.sha256) {
                    try {
                        const real = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.realpathSync)(full);
                        if (inside(real) && (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.statSync)(real).isFile())
                            sha256 = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(real)).digest('hex');
                    }
                    catch {
                        sha256 = undefined;
                    }
                }
                out.push({ path, mode: '120000', ...(want.git ? { gitSha: gitBlobSha(target) } : {}), ...(sha256 ? { sha256 } : {}) });
                continue;
            }
            const data = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(full);
            bytes += data.length;
            if (bytes > limits.bytes)
                throw new Error(`more than ${limits.bytes} bytes under ${dir}`);
            const mode = want.git && (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.statSync)(full).mode & 0o111 ? '100755' : '100644';
            out.push({ path, mode, ...(want.git ? { gitSha: gitBlobSha(data) } : {}), ...(want.sha256 ? { sha256: (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(data).digest('hex') } : {}) });
        }
    }
    return out.sort(byUtf8);
}
/** ghasum's checksum from files already hashed (path and SHA-256 hex). */
function ghasumSumFromDigests(files) {
    const sorted = [...files].sort(byUtf8);
    const h = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    for (const f of sorted) {
        if (f.path.includes('\n'))
            throw new Error(`dirhash: file name with newline: ${JSON.stringify(f.path)}`);
        h.update(`${f.sha256}  ${f.path}\n`);
    }
    return h.digest('base64');
}
/** ghasum's checksum of a directory on disk (bare base64), as `ghasum verify -cache` computes it over the runner's download. */
async function hashDir(dir) {
    const files = await readTree(dir, { sha256: true });
    const dangling = files.find((f) => f.sha256 === undefined);
    if (dangling)
        throw new Error(`${dangling.path} is a symbolic link to nothing readable`);
    return ghasumSumFromDigests(files);
}


/***/ })

};
