export const id = 36;
export const ids = [36];
export const modules = {

/***/ 7036:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   renderTree: () => (/* binding */ renderTree)
/* harmony export */ });
function label(n, value) {
    if (!n)
        return value;
    const sha = n.sha && n.sha.toLowerCase() !== n.uses.ref.toLowerCase() ? ` → ${n.sha.slice(0, 12)}` : '';
    const err = n.error ? ` ✗ ${n.error}` : '';
    const kind = n.kind === 'docker' && n.image ? `docker (${n.image.value})` : n.kind;
    return `${value}${sha} [${kind}]${err}`;
}
function renderTree(res, title) {
    const lines = [title];
    const byJob = new Map();
    for (const r of res.roots) {
        const k = r.chain.length ? `${r.job} (${r.chain.slice(1).join(' › ')})` : r.job;
        byJob.set(k, [...(byJob.get(k) ?? []), r]);
    }
    const jobs = [...byJob.entries()];
    jobs.forEach(([job, roots], ji) => {
        const lastJob = ji === jobs.length - 1;
        lines.push(`${lastJob ? '└── ' : '├── '}${job}`);
        const pad0 = lastJob ? '    ' : '│   ';
        const walk = (n, value, pad, last, path) => {
            const cyc = n && path.has(n.id);
            lines.push(`${pad}${last ? '└── ' : '├── '}${cyc ? `${value} (cycle)` : label(n, value)}`);
            if (!n || cyc)
                return;
            const next = new Set(path).add(n.id);
            const kids = n.children;
            kids.forEach((e, i) => {
                const p = pad + (last ? '    ' : '│   ');
                if (e.node)
                    walk(e.node, e.uses.value, p, i === kids.length - 1, next);
                else
                    lines.push(`${p}${i === kids.length - 1 ? '└── ' : '├── '}${e.uses.value}${e.note ? ` (${e.note})` : ''}`);
            });
        };
        roots.forEach((r, i) => walk(r.node, r.uses.value, pad0, i === roots.length - 1, new Set()));
    });
    return lines.join('\n') + '\n';
}


/***/ })

};
