export const id = 940;
export const ids = [940];
export const modules = {

/***/ 7940:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   goOnline: () => (/* binding */ goOnline)
/* harmony export */ });
/* harmony import */ var _workflow_scope_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1953);
/* harmony import */ var _graph_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8748);
/* harmony import */ var _online_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9777);
/* harmony import */ var _locks_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2752);
/* harmony import */ var _lockfile_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2815);





/** Fill `resolved` and `online` of a loaded target, and add what could not be checked to its failures. */
async function goOnline(t, o) {
    const wf = t.workflow;
    if (!wf)
        return;
    let scope;
    try {
        scope = (0,_workflow_scope_js__WEBPACK_IMPORTED_MODULE_0__/* .selectScope */ .D6)(wf, t.jobId, t.local);
    }
    catch {
        return; // the engine reports the missing job
    }
    const local = t.local ?? new Map();
    const locked = (0,_locks_js__WEBPACK_IMPORTED_MODULE_3__/* .lockedCommits */ .Hi)(o.lock);
    const res = await (0,_graph_js__WEBPACK_IMPORTED_MODULE_1__.resolveScope)(wf, scope, local, { api: o.api, ...(o.cache ? { cache: o.cache } : {}), ...(o.concurrency ? { concurrency: o.concurrency } : {}), ...(locked.size ? { locked } : {}) });
    const files = new Map([[wf.file, wf], ...[...local.values()].map((w) => [w.file, w])]);
    const names = new Set();
    if (scope.mode !== 'all') {
        if (o.environment)
            names.add(o.environment);
        else
            for (const j of scope.targets)
                if (j.environment?.name && !j.environment.name.includes('${{'))
                    names.add(j.environment.name);
    }
    const checks = new _online_js__WEBPACK_IMPORTED_MODULE_2__/* .OnlineChecks */ .lb(o.api, new _graph_js__WEBPACK_IMPORTED_MODULE_1__/* .Resolver */ .xR({ api: o.api }), o.concurrency);
    const { facts, failures } = await (0,_online_js__WEBPACK_IMPORTED_MODULE_2__/* .gatherOnline */ .Tv)(checks, res, files, o.repository && names.size ? { ...o.repository, names: [...names] } : undefined);
    t.resolved = res;
    t.online = facts;
    t.failures.push(...res.failures, ...failures);
    // a locked repository must still be the one the lock recorded (renames, re-registrations)
    if (o.lock?.onboarded && o.lock.actionsLock) {
        const ids = new Map();
        const repos = new Set();
        for (const n of res.nodes.values())
            if (o.lock.actionsLock.dependencies.has((0,_lockfile_js__WEBPACK_IMPORTED_MODULE_4__/* .pinKey */ .D6)(n.uses.owner, n.uses.repo, n.uses.ref)))
                repos.add(`${n.uses.owner}/${n.uses.repo}`.toLowerCase());
        await Promise.all([...repos].map(async (r) => {
            try {
                const x = await o.api.getJson(`/repos/${r}`);
                if (x?.data.id && x.data.owner?.id)
                    ids.set(r, { ownerId: x.data.owner.id, repoId: x.data.id });
                else
                    ids.set(r, { error: `${r} does not exist any more` });
            }
            catch (e) {
                ids.set(r, { error: e instanceof Error ? e.message : String(e) });
                t.failures.push({ check: `check that ${r} is the repository actions.lock recorded`, reason: e instanceof Error ? e.message : String(e), fix: 'Re-run the job when the API answers.' });
            }
        }));
        o.lock.ids = ids;
    }
}


/***/ })

};
