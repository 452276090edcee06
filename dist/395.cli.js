export const id = 395;
export const ids = [395];
export const modules = {

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
