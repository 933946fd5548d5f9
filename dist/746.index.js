export const id = 746;
export const ids = [746];
export const modules = {

/***/ 746:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   parseWorkflow: () => (/* binding */ parseWorkflow)
/* harmony export */ });
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8815);
/* harmony import */ var _problems_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5451);


/**
 * Reads a workflow file with the lines of what the checks need. What GitHub would refuse to read
 * at all (not YAML, not a mapping, no jobs) is a problem and gives no job; the rest is actionlint's
 * business, and a key of the wrong shape is left out rather than guessed.
 */
function parseWorkflow(text, file) {
    const lines = new yaml__WEBPACK_IMPORTED_MODULE_0__/* .LineCounter */ .HN();
    const w = { file, events: [], jobs: [], problems: [] };
    const invalid = (message, line) => ({ ...w, problems: [(0,_problems_js__WEBPACK_IMPORTED_MODULE_1__/* .problem */ .CC)('workflow-invalid', message, { file, line })] });
    // prettyErrors off: its messages quote the source, and a problem should not carry a file's text into the job log
    const doc = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .parseDocument */ .Tp)(text, { lineCounter: lines, prettyErrors: false });
    const error = doc.errors[0];
    if (error !== undefined)
        return invalid(`not valid YAML: ${error.message}`, lines.linePos(error.pos[0]).line);
    const at = (node) => (node?.range === undefined || node.range === null ? 1 : lines.linePos(node.range[0]).line);
    const y = new Reader(doc, at);
    const root = doc.contents;
    if (!(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(root))
        return invalid('not a workflow: the file is not a mapping of keys (on, jobs)', at(root));
    w.events = events(y, y.get(root, 'on'));
    const jobs = y.get(root, 'jobs');
    if (!(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(jobs) || jobs.items.length === 0)
        return invalid('not a workflow: it has no jobs', at(jobs ?? root));
    for (const pair of jobs.items) {
        const id = y.scalar(pair.key);
        const job = y.deref(pair.value);
        if (id === undefined || !(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(job))
            continue;
        const runsOn = y.deref(y.get(job, 'runs-on'));
        const labels = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isSeq */ .oP)(runsOn) ? runsOn.items.map((x) => y.scalar(x)) : [y.scalar(runsOn)];
        const steps = y.deref(y.get(job, 'steps'));
        w.jobs.push({
            id,
            line: at(pair.key),
            if: y.scalar(y.get(job, 'if')),
            runsOn: labels.filter((l) => l !== undefined),
            runnerGroup: (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(runsOn),
            matrix: matrix(y, y.deref(y.get(y.deref(y.get(job, 'strategy')), 'matrix'))),
            steps: (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isSeq */ .oP)(steps) ? steps.items.flatMap((s) => step(y, s)) : []
        });
    }
    return w;
}
/** A document's nodes with aliases followed (GitHub reads anchors and aliases) and each node's line. */
class Reader {
    doc;
    at;
    constructor(doc, at) {
        this.doc = doc;
        this.at = at;
    }
    deref(node) {
        // Alias.resolve follows one alias; an anchor cannot name an alias, so one step is enough
        return ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isAlias */ .Vj)(node) ? node.resolve(this.doc) : node) ?? undefined;
    }
    get(map, key) {
        if (!(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(map))
            return undefined;
        const pair = map.items.find((p) => this.scalar(p.key) === key);
        return this.deref(pair?.value);
    }
    /** A scalar's value as text: numbers and booleans as written (`true`, `0.10`); undefined for a collection or null. */
    scalar(node) {
        const n = this.deref(node);
        if (!(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(n) || n.value === null)
            return undefined;
        if (typeof n.value === 'string')
            return n.value;
        // a number or boolean as written: `0.10` stays `0.10`
        return n.source ?? (typeof n.value === 'number' || typeof n.value === 'boolean' ? String(n.value) : undefined);
    }
    text(node) {
        const n = this.deref(node);
        const text = this.scalar(n);
        if (text === undefined || !(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(n))
            return undefined;
        // a block scalar's range starts at its `|` or `>`: the text starts on the next line
        const block = n.type === 'BLOCK_LITERAL' || n.type === 'BLOCK_FOLDED';
        return { text, line: this.at(n) + (block ? 1 : 0), literal: n.type === 'BLOCK_LITERAL' };
    }
}
function events(y, on) {
    if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(on))
        return on.items.flatMap((p) => y.scalar(p.key) ?? []);
    if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isSeq */ .oP)(on))
        return on.items.flatMap((x) => y.scalar(x) ?? []);
    return [y.scalar(on) ?? []].flat();
}
function step(y, node) {
    const s = y.deref(node);
    if (!(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(s))
        return [];
    const inputs = new Map();
    const w = y.get(s, 'with');
    if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(w))
        for (const p of w.items) {
            // input names are not case-sensitive: the runner hands them to the action as INPUT_<NAME>
            const key = y.scalar(p.key)?.toLowerCase();
            const value = y.text(p.value);
            if (key !== undefined && value !== undefined)
                inputs.set(key, { keyLine: y.at(p.key), value });
        }
    return [
        {
            line: y.at(s),
            name: y.scalar(y.get(s, 'name')),
            id: y.scalar(y.get(s, 'id')),
            uses: y.scalar(y.get(s, 'uses')),
            if: y.scalar(y.get(s, 'if')),
            run: y.text(y.get(s, 'run')),
            shell: y.scalar(y.get(s, 'shell')),
            with: inputs
        }
    ];
}
function matrix(y, node) {
    if (node === undefined)
        return undefined;
    const axes = new Map();
    // `matrix: ${{ fromJSON(...) }}`: legs made at run time, as many as it says
    if (!(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(node))
        return { line: y.at(node), axes, legs: undefined };
    let extra = 0;
    let known = true;
    for (const p of node.items) {
        const key = y.scalar(p.key);
        const value = y.deref(p.value);
        if (key === undefined)
            continue;
        if (key === 'include' || key === 'exclude') {
            // an include may add legs or extend those there: counted as added, an upper bound
            if (!(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isSeq */ .oP)(value))
                known = false;
            else if (key === 'include')
                extra += value.items.length;
            continue;
        }
        axes.set(key, (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isSeq */ .oP)(value) ? value.items.map((x) => y.scalar(x) ?? '') : undefined);
    }
    let legs = axes.size === 0 ? 0 : 1;
    for (const values of axes.values()) {
        if (values === undefined)
            known = false;
        else
            legs *= values.length;
    }
    return { line: y.at(node), axes, legs: known ? legs + extra : undefined };
}


/***/ })

};
