export const id = 278;
export const ids = [278];
export const modules = {

/***/ 3278:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   mergeReports: () => (/* binding */ mergeReports),
/* harmony export */   readJsonReport: () => (/* binding */ readJsonReport)
/* harmony export */ });
/* harmony import */ var _engine_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9284);
/* harmony import */ var _workflow_yaml_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2314);


const SEVERITIES = ['error', 'warning', 'note'];
function isObj(x) {
    return typeof x === 'object' && x !== null && !Array.isArray(x);
}
function finding(j, file, i) {
    const bad = (what) => new _workflow_yaml_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(`findings[${i}] ${what}; is this the JSON of \`release-gate audit --format json\`?`, file);
    if (!isObj(j))
        throw bad('is not an object');
    for (const k of ['rule', 'message', 'fix', 'file'])
        if (typeof j[k] !== 'string')
            throw bad(`has no ${k}`);
    if (!SEVERITIES.includes(j.severity))
        throw bad(`has severity '${String(j.severity)}'`);
    if (typeof j.line !== 'number' || typeof j.blocking !== 'boolean')
        throw bad('has no line or blocking');
    return {
        rule: j.rule,
        title: typeof j.title === 'string' ? j.title : j.rule,
        docs: typeof j.docs === 'string' ? j.docs : '',
        severity: j.severity,
        message: j.message,
        fix: j.fix,
        file: j.file,
        line: j.line,
        column: typeof j.column === 'number' ? j.column : 1,
        ...(typeof j.job === 'string' ? { job: j.job } : {}),
        ...(isObj(j.step) && typeof j.step.index === 'number' ? { step: j.step } : {}),
        chain: Array.isArray(j.chain) ? j.chain.map(String) : [],
        ...(j.suppression && isObj(j.suppression) ? { ignored: { by: j.suppression.by, reason: String(j.suppression.reason) } } : {}),
        blocking: j.blocking,
    };
}
/** Read one JSON report; anything else is an input error naming the file. */
function readJsonReport(text, file) {
    let j;
    try {
        j = JSON.parse(text);
    }
    catch (e) {
        throw new _workflow_yaml_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(`not JSON (${e.message}); merge reads the output of \`release-gate audit --format json\``, file);
    }
    if (!isObj(j) || j.version !== 1 || !Array.isArray(j.findings) || !Array.isArray(j.files)) {
        throw new _workflow_yaml_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz('not a release-gate JSON report (version 1, with files and findings); merge reads the output of `release-gate audit --format json`', file);
    }
    const findings = j.findings.map((f, i) => finding(f, file, i));
    const skipped = (Array.isArray(j.skipped) ? j.skipped : []).filter(isObj).map((s) => ({ check: String(s.check), reason: String(s.reason) }));
    return {
        version: 1,
        verdict: j.verdict === 'fail' || findings.some((f) => f.blocking) ? 'fail' : 'pass',
        failOn: (['error', 'warning', 'never'].includes(String(j.failOn)) ? j.failOn : 'error'),
        files: j.files.filter(isObj),
        findings,
        skipped,
        allowances: Array.isArray(j.allowances) ? j.allowances : [],
        disabled: Array.isArray(j.disabled) ? j.disabled.map(String) : [],
        counts: { blocking: 0, error: 0, warning: 0, note: 0, ignored: 0 },
    };
}
/** A report given twice (or a file two parts both audited) counts once. */
function once(xs, key) {
    const seen = new Set();
    return xs.filter((x) => {
        const k = key(x);
        if (seen.has(k))
            return false;
        seen.add(k);
        return true;
    });
}
function mergeReports(parts) {
    const findings = once(parts.flatMap((p) => p.findings), (f) => [f.file, f.line, f.column, f.rule, f.message, f.job ?? ''].join('\u0000')).sort(_engine_js__WEBPACK_IMPORTED_MODULE_0__/* .compareFindings */ .Eg);
    const seen = new Set();
    const skipped = [];
    for (const s of parts.flatMap((p) => p.skipped)) {
        const k = `${s.check}\u0000${s.reason}`;
        if (seen.has(k))
            continue;
        seen.add(k);
        skipped.push(s);
    }
    const count = (s) => findings.filter((f) => !f.ignored && f.severity === s).length;
    const blocking = findings.filter((f) => f.blocking).length;
    const failOns = [...new Set(parts.map((p) => p.failOn))];
    return {
        version: 1,
        verdict: blocking > 0 || parts.some((p) => p.verdict === 'fail') ? 'fail' : 'pass',
        failOn: failOns.length === 1 ? failOns[0] : 'error',
        files: once(parts.flatMap((p) => p.files), (f) => f.file),
        findings,
        skipped,
        allowances: parts.flatMap((p) => p.allowances),
        disabled: [...new Set(parts.flatMap((p) => p.disabled))].sort(),
        counts: { blocking, error: count('error'), warning: count('warning'), note: count('note'), ignored: findings.filter((f) => f.ignored).length },
    };
}


/***/ })

};
