export const id = 161;
export const ids = [161];
export const modules = {

/***/ 1161:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MAX_ORG_PAGES: () => (/* binding */ MAX_ORG_PAGES),
/* harmony export */   inShard: () => (/* binding */ inShard),
/* harmony export */   listOrgRepos: () => (/* binding */ listOrgRepos)
/* harmony export */ });
/* unused harmony export shardOf */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _resolve_api_error_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7167);
/**
 * Sweeping an organisation: its repositories listed through the API (page by page), and a
 * stable split of any list of repositories into N shards, so N matrix jobs of a workflow each
 * audit their share and `release-gate merge` puts the reports back together.
 */


/**
 * The shard (1-based) a repository falls in: from a hash of its lower-cased `owner/name`, so it
 * depends on nothing else — not on the order of the list, nor on which other repositories exist.
 * Every repository is in exactly one shard, and stays there from run to run.
 */
function shardOf(repo, total) {
    const name = repo.split('@')[0].toLowerCase();
    const h = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(name).digest();
    return (h.readUInt32BE(0) % total) + 1;
}
function inShard(repo, s) {
    return !s || shardOf(repo, s.total) === s.index;
}
/** Up to 100 pages of 100: 10,000 repositories. */
const MAX_ORG_PAGES = 100;
/**
 * The repositories of an organisation (`/orgs/{org}/repos`), or of a user when no organisation
 * has that name (`/users/{name}/repos`). Forks and archived repositories are left out unless
 * asked for; disabled ones always are (nothing runs there).
 */
async function listOrgRepos(api, org, o) {
    const q = `per_page=100&sort=full_name`;
    const page = (await api.getPaged(`/orgs/${encodeURIComponent(org)}/repos?type=all&${q}`, { maxPages: MAX_ORG_PAGES })) ??
        (await api.getPaged(`/users/${encodeURIComponent(org)}/repos?type=owner&${q}`, { maxPages: MAX_ORG_PAGES }));
    if (!page)
        throw new _resolve_api_error_js__WEBPACK_IMPORTED_MODULE_1__/* .ApiError */ .h(`no organisation or user '${org}' (or the token cannot see it)`, 404, `/orgs/${org}/repos`, false);
    const leftOut = { forks: 0, archived: 0 };
    const repos = [];
    for (const r of page.items) {
        if (!r.full_name || r.disabled)
            continue;
        if (r.fork && !o.includeForks) {
            leftOut.forks++;
            continue;
        }
        if (r.archived && !o.includeArchived) {
            leftOut.archived++;
            continue;
        }
        repos.push(r.default_branch ? `${r.full_name}@${r.default_branch}` : r.full_name);
    }
    repos.sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0));
    return { repos, leftOut, complete: page.complete };
}


/***/ })

};
