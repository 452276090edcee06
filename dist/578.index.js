export const id = 578;
export const ids = [578];
export const modules = {

/***/ 4578:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ShaCache: () => (/* binding */ ShaCache)
/* harmony export */ });
/* unused harmony export blobSha */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/**
 * Content at a commit SHA never changes, so file contents fetched by SHA can be kept across
 * runs: under RUNNER_TOOL_CACHE on GitHub-hosted runners, or a `--cache-dir` for the CLI.
 * Entries are keyed by a hash of repository, SHA and path, and store the git blob SHA of the
 * content, which is checked on read: a corrupted entry is a miss, not a wrong answer.
 */



function blobSha(content) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}
class ShaCache {
    dir;
    hits = 0;
    constructor(dir) {
        this.dir = dir;
    }
    file(repo, sha, path) {
        const h = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(`${repo.toLowerCase()}\0${sha}\0${path}`).digest('hex');
        return (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(this.dir, h.slice(0, 2), `${h}.json`);
    }
    /** undefined: not cached; null: cached as absent; string: the content. */
    async get(repo, sha, path) {
        try {
            const e = JSON.parse(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(this.file(repo, sha, path), 'utf8'));
            if (e.content === undefined) {
                if (e.blob !== 'absent')
                    return undefined;
                this.hits++;
                return null;
            }
            const buf = Buffer.from(e.content, 'base64');
            if (blobSha(buf) !== e.blob)
                return undefined;
            this.hits++;
            return buf.toString('utf8');
        }
        catch {
            return undefined;
        }
    }
    async set(repo, sha, path, content) {
        const f = this.file(repo, sha, path);
        const buf = content === null ? undefined : Buffer.from(content, 'utf8');
        const e = buf ? { blob: blobSha(buf), content: buf.toString('base64') } : { blob: 'absent' };
        try {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdir)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(f, '..'), { recursive: true });
            const tmp = `${f}.${process.pid}.tmp`;
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.writeFile)(tmp, JSON.stringify(e));
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rename)(tmp, f);
        }
        catch {
            // a cache that cannot be written is only slower
        }
    }
}


/***/ })

};
