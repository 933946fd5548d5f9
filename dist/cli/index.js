import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 975:
/***/ ((__webpack_module__, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(__webpack_module__, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _cli_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(34);

process.exitCode = await (0,_cli_js__WEBPACK_IMPORTED_MODULE_0__/* .cli */ .x)(process.argv.slice(2), (s) => process.stdout.write(`${s}\n`), (s) => process.stderr.write(`${s}\n`), new Date(), process.cwd());

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 34:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  x: () => (/* binding */ cli)
});

;// CONCATENATED MODULE: external "node:util"
const external_node_util_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");
;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: external "node:fs/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");
;// CONCATENATED MODULE: external "node:zlib"
const external_node_zlib_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");
;// CONCATENATED MODULE: external "node:string_decoder"
const external_node_string_decoder_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:string_decoder");
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
;// CONCATENATED MODULE: ./lib/progress/lines.js
/** The longest line kept whole (UTF-16 units, about 1 MiB of ASCII); the rest of a longer line is dropped. */
const MAX_LINE = 1 << 20;
/**
 * The pending part of a line or object, kept as pieces and joined once when it completes, so
 * that no text is copied or scanned again per chunk. Small pieces (one-character chunks) are
 * merged as they add up, so that the list stays short. Whatever is over `cap` is counted, not kept.
 */
class Pieces {
    cap;
    blocks = [];
    small = [];
    smallLength = 0;
    /** Units kept. */
    length = 0;
    /** Units dropped over the cap. */
    dropped = 0;
    constructor(cap) {
        this.cap = cap;
    }
    add(s) {
        if (s.length === 0)
            return;
        const room = this.cap - this.length;
        if (room <= 0) {
            this.dropped += s.length;
            return;
        }
        if (s.length > room) {
            this.dropped += s.length - room;
            s = s.slice(0, room);
        }
        this.length += s.length;
        if (s.length >= BLOCK) {
            this.merge();
            this.blocks.push(s);
            return;
        }
        this.small.push(s);
        this.smallLength += s.length;
        if (this.smallLength >= BLOCK || this.small.length >= 1024)
            this.merge();
    }
    /** Everything kept, joined; empties the buffer. */
    take() {
        this.merge();
        const s = this.blocks.length === 1 ? (this.blocks[0] ?? '') : this.blocks.join('');
        this.clear();
        return s;
    }
    clear() {
        this.blocks = [];
        this.small = [];
        this.smallLength = 0;
        this.length = 0;
        this.dropped = 0;
    }
    merge() {
        if (this.small.length === 0)
            return;
        this.blocks.push(this.small.length === 1 ? (this.small[0] ?? '') : this.small.join(''));
        this.small = [];
        this.smallLength = 0;
    }
}
const BLOCK = 64 * 1024;
/** One problem message for lines or objects over a cap: `3 lines longer than 1 MiB were cut to their first 1 MiB`. */
function tooLong(count, what, cap, cut) {
    const size = cap >= 1 << 20 ? `${cap / (1 << 20)} MiB` : `${cap} characters`;
    const one = count === 1;
    const subject = one ? `a ${what} longer than ${size} was` : `${count} ${what}s longer than ${size} were`;
    return cut ? `${subject} cut to ${one ? 'its' : 'their'} first ${size}` : `${subject} skipped`;
}
/**
 * Splits streamed text into lines, in time linear in the text: each chunk is scanned once, and
 * a line that spans chunks is joined once, at its newline. A line longer than `maxLine` is cut
 * to its first `maxLine` units (a 1 GiB line without a newline must not take 1 GiB).
 */
class LineSplitter {
    onLine;
    maxLine;
    pending;
    /** The pending line's last unit is a CR (a CRLF cut between chunks). */
    pendingCR = false;
    lineNo = 0;
    /** Set once a line was cut; undefined while none was. */
    long;
    constructor(onLine, maxLine = MAX_LINE) {
        this.onLine = onLine;
        this.maxLine = maxLine;
        this.pending = new Pieces(maxLine);
    }
    push(chunk) {
        let start = 0;
        for (;;) {
            const nl = chunk.indexOf('\n', start);
            if (nl < 0)
                break;
            if (this.pending.length === 0 && this.pending.dropped === 0) {
                const end = nl > start && chunk.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
                if (end - start <= this.maxLine)
                    this.emit(chunk.slice(start, end), false);
                else
                    this.emit(chunk.slice(start, start + this.maxLine), true);
            }
            else {
                this.add(chunk, start, nl);
                this.flush();
            }
            start = nl + 1;
        }
        if (start < chunk.length)
            this.add(chunk, start, chunk.length);
    }
    /** A last line without a newline is still a line. */
    end() {
        if (this.pending.length > 0 || this.pending.dropped > 0)
            this.flush();
    }
    add(chunk, start, end) {
        if (end === start)
            return;
        this.pending.add(start === 0 && end === chunk.length ? chunk : chunk.slice(start, end));
        this.pendingCR = chunk.charCodeAt(end - 1) === 13;
    }
    flush() {
        // The CR of a CRLF is not part of the line: not kept, and not what makes it too long.
        let dropped = this.pending.dropped;
        let line = this.pending.take();
        if (this.pendingCR) {
            if (dropped > 0)
                dropped--;
            else
                line = line.slice(0, -1);
        }
        this.pendingCR = false;
        this.emit(line, dropped > 0);
    }
    emit(line, cut) {
        ++this.lineNo;
        if (cut) {
            if (this.long)
                this.long.count++;
            else
                this.long = { count: 1, first: this.lineNo };
        }
        this.onLine(line, this.lineNo);
    }
}
// What CI systems put before each line of a copied log: GitHub's raw log timestamp
// (`2025-01-06T09:50:04.2335218Z `), `gh run view --log`'s `job<TAB>step<TAB>timestamp `,
// ANSI colour codes, and `##[group]` markers.
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d) /;
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
/** Strips a CI log prefix from a line; lines that start with `#` or `{` are returned as they are. */
function stripLinePrefix(line) {
    let s = line;
    // NULs where a line starts: a log truncated under a writer that kept its offset (copytruncate)
    if (s.charCodeAt(0) === 0) {
        let i = 1;
        while (s.charCodeAt(i) === 0)
            i++;
        s = s.slice(i);
    }
    const c = s.charCodeAt(0);
    if (c === 35 /* # */ || c === 123 /* { */)
        return s;
    if (s.includes('\x1b'))
        s = s.replace(ANSI, '');
    const tab = s.indexOf('\t');
    if (tab >= 0) {
        const tab2 = s.indexOf('\t', tab + 1);
        if (tab2 >= 0)
            s = s.slice(tab2 + 1);
    }
    const ts = TIMESTAMP.exec(s);
    if (ts)
        s = s.slice(ts[0].length);
    if (s.startsWith('##['))
        s = s.replace(/^##\[[a-z]+\]/, '');
    return s;
}

;// CONCATENATED MODULE: ./lib/progress/boundaries.js
// Where one build ends and the next begins in a log that holds several. Plain progress marks it
// with `#0 building with ...` (buildx) or numbers that restart at `#1`; rawjson only by a new
// `load build definition` vertex. A `# syntax=` frontend loads the definition twice in one
// build, before any step, so a new definition only starts a build once the current one has done
// some work.
const DEFINITION = /^\[internal\] load (?:build definition from |local bake definitions)/;
function isBuildDefinition(name) {
    return DEFINITION.test(name);
}
function isStepOrExport(name) {
    return name.startsWith('[') ? !name.startsWith('[internal]') && !name.startsWith('[auth]') : name.startsWith('exporting ');
}

;// CONCATENATED MODULE: ./lib/progress/vertex.js

/** Collects vertex updates for the builds of one input; starts a new build when told. */
class BuildCollector {
    file;
    format;
    startedWhenSeen;
    builds = [];
    current;
    byKey = new Map();
    constructor(file, format, 
    /** Plain progress prints a vertex only once it has started; rawjson announces it before. */
    startedWhenSeen) {
        this.file = file;
        this.format = format;
        this.startedWhenSeen = startedWhenSeen;
    }
    /** Starts a new build unless the current one is still empty. */
    newBuild() {
        if (this.current && this.current.vertexes.length === 0 && this.current.errors.length === 0)
            return;
        this.current = undefined;
    }
    get active() {
        return this.current;
    }
    build() {
        if (!this.current) {
            this.current = { file: this.file, format: this.format, vertexes: [], errors: [], warnings: [] };
            this.builds.push(this.current);
            this.byKey = new Map();
        }
        return this.current;
    }
    has(key) {
        return this.current !== undefined && this.byKey.has(key);
    }
    peek(key) {
        return this.current === undefined ? undefined : this.byKey.get(key);
    }
    vertex(key, name) {
        const b = this.build();
        let v = this.byKey.get(key);
        if (!v) {
            v = {
                key: own(key),
                name: own(name ?? ''),
                started: this.startedWhenSeen,
                cached: false,
                done: false,
                error: undefined,
                canceled: false,
                seconds: undefined,
                elapsed: undefined,
                intervals: [],
                pulled: false,
                order: b.vertexes.length
            };
            this.byKey.set(key, v);
            b.vertexes.push(v);
        }
        else if (name !== undefined && name !== '' && v.name === '') {
            v.name = own(name);
        }
        return v;
    }
    /** The current build has run or found cached a step or an export: a new definition is a new build. */
    hasWork() {
        return this.current !== undefined && this.current.vertexes.some((v) => (v.started || v.cached) && isStepOrExport(v.name));
    }
    /** An export's `naming to <image>` / `unpacking to <image>` status: what the build made. */
    named(v, status) {
        const m = /^(?:naming|unpacking) to (\S+)/.exec(status);
        const image = m?.[1];
        if (image === undefined)
            return;
        const list = (v.named ??= []);
        if (!list.includes(image))
            list.push(own(image));
    }
    error(message) {
        this.build().errors.push(own(message));
    }
    /**
     * The current build is over and went well: it ran or found cached a step or an export, and
     * every vertex that started ended without error or cancellation, and no error was told. A
     * client `ERROR:` line after it ends another build, one refused before its first vertex
     * (a missing context path: buildx 0.29 prints that line alone).
     */
    finishedWell() {
        const b = this.current;
        if (!b || b.errors.length > 0 || !this.hasWork())
            return false;
        return b.vertexes.every((v) => v.error === undefined && !v.canceled && (!v.started || v.done || v.cached));
    }
    warning(message) {
        this.build().warnings.push(own(message));
    }
}
/**
 * A copy of s that does not hold on to the text it was cut from: a slice of a 1 MiB chunk keeps
 * the whole chunk alive, and a log's builds keep their names for as long as the report is made.
 * Concatenating makes V8 write a new flat string; slices under 13 units are copies already.
 */
function own(s) {
    return s.length < 13 ? s : (' ' + s).slice(1);
}

;// CONCATENATED MODULE: ./lib/problems.js
function problem(code, message, where = {}, severity = 'warning') {
    const p = { code, severity, message };
    if (where.file !== undefined)
        p.file = where.file;
    if (where.line !== undefined)
        p.line = where.line;
    return p;
}
/** What is expected now and then (no baseline yet, no token), told as a notice. */
function notice(code, message) {
    return { code, severity: 'notice', message };
}
/** What went wrong and costs the report something, told as a warning. */
function warning(code, message) {
    return { code, severity: 'warning', message };
}
/** An input whose value cannot be used: `min-cache-hit-rate: "abc" is not a number between 0 and 100`. */
function inputProblem(input, value, expected) {
    return { code: 'input-invalid', severity: 'warning', message: `${input}: "${value}" is not ${expected}`, input, value, expected };
}
function describeProblem(p) {
    const where = p.file === undefined ? '' : p.line === undefined ? `${p.file}: ` : `${p.file}:${p.line}: `;
    return `${where}${p.message}`;
}
/** The message of anything thrown, for a warning or a problem: never a stack. */
function errorText(e) {
    return e instanceof Error ? e.message : String(e);
}

;// CONCATENATED MODULE: ./lib/progress/plain.js




// Every line of a vertex begins with `#<n> `: its header (`#12 [build 2/3] RUN make`), status
// lines, output lines (`#12 0.088 text`), and `CACHED` / `DONE 1.2s` / `ERROR: ...` / `CANCELED`.
// A layer download in a FROM or a lazily pulled cached step: `sha256:… 12.58MB / 34.44MB 0.8s`.
const LAYER_PROGRESS = /^(?:extracting )?sha256:[0-9a-f]{12,}(?: [\d.]+[kMG]?B \/ [\d.]+[kMG]?B| [\d.]+s)/;
const OLD_ENGINE_DIGEST = /^sha256:[0-9a-f]{64}$/;
/** Lines that could not be read before a log is said to be damaged: a stray one is not worth a warning. */
const UNREADABLE_MIN = 10;
/** ... or this share of the lines (percent), when at least two. */
const UNREADABLE_SHARE = 1;
/**
 * Reads BuildKit plain progress (`--progress=plain`, `docker buildx history logs`, and the
 * Docker 20.10 engine's format) a chunk at a time.
 */
class PlainParser {
    file;
    collector;
    lines;
    problems = [];
    /** Old engine: `#N sha256:<digest>` of each vertex key, to tell a re-print from a new build. */
    digests = new Map();
    sawTrailer = false;
    lineNo = 0;
    /** Lines of BuildKit's that could not be read (damaged, or a status of a vertex never named), and the first one's number. */
    unreadable = 0;
    firstUnreadable = 0;
    constructor(file) {
        this.file = file;
        this.collector = new BuildCollector(file, 'plain', true);
        this.lines = new LineSplitter((line, lineNo) => {
            this.lineNo = lineNo;
            // Some log collectors leave trailing spaces, CRs or NULs: `#5 CACHED \r` is still CACHED.
            // Cut before the prefix is looked for, so that two trailing tabs are not a `gh run view` prefix.
            this.line(stripLinePrefix(trimControl(line)));
        });
    }
    push(chunk) {
        this.lines.push(chunk);
    }
    end() {
        this.lines.end();
        const long = this.lines.long;
        if (long) {
            this.problems.push(problem('line-too-long', tooLong(long.count, 'line', MAX_LINE, true), { file: this.file, line: long.first }));
        }
        const builds = this.collector.builds;
        // With no build read, `no-builds` says it all.
        const n = this.unreadable;
        if (builds.length > 0 && (n >= UNREADABLE_MIN || (n >= 2 && n * 100 > this.lineNo * UNREADABLE_SHARE))) {
            this.problems.push(problem('lines-unreadable', `${n} of ${this.lineNo} lines could not be read as BuildKit progress (damaged or cut log?); the counts may be short`, {
                file: this.file,
                line: this.firstUnreadable
            }));
        }
        return builds;
    }
    line(line) {
        if (line.charCodeAt(0) !== 35 /* # */) {
            // A NUL, or a replacement character where a line starts, is a damaged line, maybe one of BuildKit's.
            if (line.includes('\0') || line.charCodeAt(0) === 0xfffd)
                this.unread();
            this.clientLine(line);
            return;
        }
        const sp = line.indexOf(' ');
        const key = sp < 0 ? line : line.slice(0, sp);
        if (!isVertexNumber(key)) {
            // `#5x`, `#5` alone, `#\0...`; a comment (`# build`, `#!/bin/sh`, `##[group]`) is not BuildKit's.
            if (isDigit(line.charCodeAt(1)) || isDamaged(line.charCodeAt(1)))
                this.unread();
            return;
        }
        if (sp < 0) {
            this.unread();
            return;
        }
        const rest = line.slice(sp + 1);
        // Output lines (`#5 0.088 text`) are the bulk of a log; their figure is the vertex's time so
        // far, the only time a failed or canceled step carries (its ERROR / CANCELED line has none).
        if (isDigit(rest.charCodeAt(0)) && isOutputLine(rest)) {
            this.outputLine(key, rest);
            return;
        }
        if (key === '#0') {
            if (rest.startsWith('building with '))
                this.collector.newBuild();
            this.sawTrailer = false;
            this.digests = new Map();
            return;
        }
        if (rest.includes('\0') || rest.includes('\ufffd'))
            this.unread();
        this.vertexLine(key, rest);
    }
    outputLine(key, rest) {
        const known = this.collector.peek(key);
        if (!known)
            return;
        const secs = Number.parseFloat(rest);
        // max, not last: a parallel step's output can be held back and printed later as a block
        if (Number.isFinite(secs) && (known.elapsed === undefined || secs > known.elapsed))
            known.elapsed = secs;
    }
    unread() {
        if (this.unreadable++ === 0)
            this.firstUnreadable = this.lineNo;
    }
    vertexLine(key, rest) {
        const collector = this.collector;
        const known = collector.peek(key);
        if (!known) {
            // A status of a vertex whose header is not in the log (cut before it) names nothing.
            if (isStatusWord(rest))
                this.unread();
            else
                collector.vertex(key, rest);
            return;
        }
        if (rest === 'CACHED') {
            known.cached = true;
        }
        else if (rest === 'DONE' || rest.startsWith('DONE ')) {
            known.done = true;
            const figure = rest.slice(5);
            if (rest !== 'DONE' && !DONE_TIME.test(figure))
                this.unread();
            // a signed figure (`-0.4s`) is damage, not a time
            const secs = isDigit(figure.charCodeAt(0)) ? Number.parseFloat(figure) : Number.NaN;
            if (Number.isFinite(secs) && (known.seconds === undefined || secs > known.seconds))
                known.seconds = secs;
        }
        else if (rest === 'CANCELED') {
            known.canceled = true;
        }
        else if (rest.startsWith('ERROR')) {
            known.error = rest.replace(/^ERROR:? ?/, '') || 'error';
        }
        else if (OLD_ENGINE_DIGEST.test(rest)) {
            const seen = this.digests.get(key);
            if (seen !== undefined && seen !== rest) {
                // Same number, other digest: the next build of a log with several (old engine: no `#0`).
                this.startNextBuild(key, known.name, rest);
                return;
            }
            this.digests.set(key, rest);
        }
        else if (rest === known.name) {
            // A header printed again when interleaved steps switch back is the same vertex; `#1`'s
            // definition again after the build did its work is the next build (the old engine has no `#0`).
            if (key === '#1' && (this.sawTrailer || (isBuildDefinition(rest) && collector.hasWork())))
                this.startNextBuild(key, rest);
        }
        else if (LAYER_PROGRESS.test(rest)) {
            known.pulled = true;
        }
        else if (key === '#1' && looksLikeHeader(rest)) {
            // `#1` names another vertex: numbers restarted, a new build in the same log.
            this.startNextBuild(key, rest);
        }
        else if (isStatusWord(rest)) {
            // `CACHEDX`, `CANCELED?`: a status word run into something else
            this.unread();
        }
        else if (rest.startsWith('naming to ') || rest.startsWith('unpacking to ')) {
            collector.named(known, rest);
        }
        // anything else is a status line of a known vertex (`transferring context: 2kB done`)
    }
    startNextBuild(key, name, digest) {
        this.collector.newBuild();
        this.digests = new Map();
        if (digest !== undefined)
            this.digests.set(key, digest);
        this.sawTrailer = false;
        this.collector.vertex(key, name);
    }
    clientLine(line) {
        if (line.startsWith('ERROR: ') || line.startsWith('ERROR ')) {
            const collector = this.collector;
            // An error after a build that went well is another build's, refused before its first vertex.
            if (collector.finishedWell())
                collector.newBuild();
            if (collector.builds.length > 0)
                collector.error(line.slice(6).trim());
            this.sawTrailer = true;
        }
        else if (line.startsWith('WARNING: ') || / warnings? found \(use /.test(line)) {
            if (this.collector.active)
                this.collector.warning(line);
        }
    }
}
/** `DONE 1.2s`'s figure as BuildKit prints it. */
const DONE_TIME = /^\d+(?:\.\d+)?s$/;
const STATUS_WORD = /^(?:CACHED|DONE|CANCELED)/;
function isStatusWord(rest) {
    return STATUS_WORD.test(rest) || rest.startsWith('ERROR');
}
/** Trailing whitespace and control characters (CR, NUL) cut off; they are never part of a status. */
function trimControl(s) {
    let end = s.length;
    while (end > 0 && s.charCodeAt(end - 1) <= 32)
        end--;
    return end === s.length ? s : s.slice(0, end);
}
function isDigit(c) {
    return c >= 48 && c <= 57;
}
/** A control character or U+FFFD (undecodable bytes) where a vertex number should be. */
function isDamaged(c) {
    return (c < 32 && c !== 9) || c === 0xfffd;
}
function isVertexNumber(key) {
    for (let i = 1; i < key.length; i++) {
        const c = key.charCodeAt(i);
        if (c < 48 || c > 57)
            return false;
    }
    return key.length > 1;
}
/** `12.06 text`, `0.088 text`, `9.659` (a blank output line): seconds since the vertex started. */
function isOutputLine(rest) {
    let i = 0;
    while (i < rest.length) {
        const c = rest.charCodeAt(i);
        if ((c >= 48 && c <= 57) || c === 46)
            i++;
        else
            break;
    }
    return i === rest.length || rest.charCodeAt(i) === 32;
}
function looksLikeHeader(rest) {
    return rest.startsWith('[') || rest.startsWith('FROM ') || rest.startsWith('load ') || rest.startsWith('resolve ');
}

;// CONCATENATED MODULE: ./lib/json.js
/** The one guard every reader of outside JSON (BuildKit, buildx, state, the REST API) starts from. */
function isRecord(x) {
    return typeof x === 'object' && x !== null && !Array.isArray(x);
}
/** A finite number, or undefined. */
function finite(x) {
    return typeof x === 'number' && Number.isFinite(x) ? x : undefined;
}
/** RFC 3339 with a fraction of any length (BuildKit, buildx) → ms since the epoch; Date keeps ms, all a report needs. */
function timestamp(x) {
    if (typeof x !== 'string')
        return undefined;
    const t = Date.parse(x);
    return Number.isNaN(t) ? undefined : t;
}
/** JSON.parse for text from outside: undefined when it is not JSON, never a throw. */
function parseJson(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./lib/progress/json-objects.js

/**
 * The largest SolveStatus object kept (UTF-16 units): real ones carrying `logs` reach a few MB,
 * so this only stops a runaway or hostile object from taking the memory with it.
 */
const MAX_OBJECT = 64 << 20;
/** No unit other than blanks since the line began or the last object closed. */
const NONE = -1;
const CLOSE = 125; // }
/**
 * Splits a stream into top-level JSON objects by structure, not by lines: buildx 0.13 indents
 * them over many lines, newer buildx prints one per line, and `docker buildx history logs
 * --progress rawjson` concatenates them with nothing between. Text outside objects (the plain
 * error block printed after the last object of a failed build) is handed over line by line.
 *
 * Each chunk is scanned once, where the last one left off, and an object or a line that spans
 * chunks is joined once, when it completes: the time is linear in the text, and the memory is
 * bounded by `MAX_OBJECT` and `MAX_LINE`, not by what the stream holds.
 */
class JsonObjectSplitter {
    onObject;
    onText;
    /** Offset in the whole stream of the next chunk's first unit, for problem positions. */
    offset = 0;
    // outside an object
    line = new Pieces(MAX_LINE);
    lineStart = 0;
    /** The last non-blank unit of the line since it began or the last object closed, or NONE. */
    last = NONE;
    /** A `{` in this line did not open an object (a Dockerfile excerpt's `${VAR}`): the rest of the line is text. */
    textLine = false;
    // inside an object
    inObject = false;
    object = new Pieces(MAX_OBJECT);
    objectStart = 0;
    depth = 0;
    inString = false;
    /** A backslash in a string ended the last chunk: the next unit is escaped. */
    escape = false;
    /** The open object is over `MAX_OBJECT`: nothing more of it is kept. */
    tooLarge = false;
    /** Text lines cut to `MAX_LINE` (`first` is the stream offset of the first). */
    long;
    /** Objects over `MAX_OBJECT`, skipped (`first` is the stream offset of the first). */
    large;
    constructor(onObject, onText) {
        this.onObject = onObject;
        this.onText = onText;
    }
    push(chunk) {
        let i = 0;
        while (i < chunk.length)
            i = this.inObject ? this.scanObject(chunk, i) : this.scanText(chunk, i);
        this.offset += chunk.length;
    }
    end() {
        if (this.inObject) {
            // A truncated object: hand it on so that the parser reports it.
            this.closeObject();
        }
        else {
            this.endLine();
        }
    }
    /** Text from i: up to a newline, or up to a `{` that opens an object; returns where to go on. */
    scanText(chunk, i) {
        const re = this.textLine ? NEWLINE : NEWLINE_OR_OPEN;
        re.lastIndex = i;
        const m = re.exec(chunk);
        const j = m ? m.index : chunk.length;
        if (!this.textLine)
            this.last = lastMark(chunk, i, j, this.last);
        if (!m) {
            this.addText(chunk, i, j);
            return j;
        }
        if (chunk.charCodeAt(j) === 10) {
            this.addText(chunk, i, j);
            this.endLine();
            this.lineStart = this.offset + j + 1;
            return j + 1;
        }
        // Only whole lines of text are text: `{` opens an object where the line holds nothing but
        // blanks before it (or the end of the previous object, `}{`), and nowhere else in a text line.
        if (this.last !== NONE && this.last !== CLOSE) {
            this.textLine = true;
            this.addText(chunk, i, j + 1);
            return j + 1;
        }
        this.line.clear();
        this.inObject = true;
        this.objectStart = this.offset + j;
        this.depth = 0;
        this.inString = false;
        this.escape = false;
        this.tooLarge = false;
        return this.scanObject(chunk, j);
    }
    /** An open object from i: to the `}` that closes it, or to the chunk's end; returns where to go on. */
    scanObject(chunk, i) {
        const from = i;
        const n = chunk.length;
        if (this.escape) {
            this.escape = false;
            i++;
        }
        // Next `"` and `\` from where the string scan stands, found natively and kept until passed:
        // `logs` data is megabytes of base64 inside one string.
        let quote = -1;
        let slash = -1;
        let end = -1;
        while (i < n) {
            if (this.inString) {
                if (quote < i)
                    quote = indexOrEnd(chunk, '"', i);
                if (slash < i)
                    slash = indexOrEnd(chunk, '\\', i);
                if (slash < quote) {
                    if (slash + 1 >= n) {
                        this.escape = true;
                        i = n;
                    }
                    else {
                        i = slash + 2;
                    }
                    continue;
                }
                if (quote === n)
                    break;
                this.inString = false;
                i = quote + 1;
                continue;
            }
            STRUCTURE.lastIndex = i;
            const m = STRUCTURE.exec(chunk);
            if (m === null)
                break;
            const c = chunk.charCodeAt(m.index);
            i = m.index + 1;
            if (c === 34 /* " */)
                this.inString = true;
            else if (c === 123 /* { */)
                this.depth++;
            else if (--this.depth === 0) {
                end = i;
                break;
            }
        }
        if (end < 0) {
            this.addObject(from === 0 ? chunk : chunk.slice(from));
            return n;
        }
        this.addObject(from === 0 && end === n ? chunk : chunk.slice(from, end));
        this.closeObject();
        this.lineStart = this.offset + end;
        return end;
    }
    addObject(s) {
        if (this.tooLarge)
            return;
        this.object.add(s);
        if (this.object.dropped > 0) {
            // it will be skipped: let go of what was kept now, not when it closes
            this.tooLarge = true;
            this.object.clear();
        }
    }
    closeObject() {
        this.inObject = false;
        this.last = NONE;
        this.textLine = false;
        if (this.tooLarge) {
            this.tooLarge = false;
            if (this.large)
                this.large.count++;
            else
                this.large = { count: 1, first: this.objectStart };
            return;
        }
        this.onObject(this.object.take(), this.objectStart);
    }
    addText(chunk, i, j) {
        if (j > i)
            this.line.add(i === 0 && j === chunk.length ? chunk : chunk.slice(i, j));
    }
    endLine() {
        const cut = this.line.dropped > 0;
        const line = this.line.take();
        this.last = NONE;
        this.textLine = false;
        if (cut) {
            if (this.long)
                this.long.count++;
            else
                this.long = { count: 1, first: this.lineStart };
        }
        if (line.trim() !== '')
            this.onText(line.endsWith('\r') ? line.slice(0, -1) : line);
    }
}
const NEWLINE = /\n/g;
const NEWLINE_OR_OPEN = /[\n{]/g;
const STRUCTURE = /["{}]/g;
function indexOrEnd(chunk, c, from) {
    const at = chunk.indexOf(c, from);
    return at < 0 ? chunk.length : at;
}
/** The last unit of chunk[i, j) that is not blank, else `last`: what stands before a `{`. */
function lastMark(chunk, i, j, last) {
    for (let k = j - 1; k >= i; k--) {
        const c = chunk.charCodeAt(k);
        if (!isBlank(c))
            return c;
    }
    return last;
}
/** What String.prototype.trim removes, and NUL (padding some log collectors write). */
function isBlank(c) {
    if (c <= 32)
        return c === 32 || c === 0 || (c >= 9 && c <= 13);
    if (c < 0xa0)
        return false;
    return (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff);
}

;// CONCATENATED MODULE: ./lib/progress/rawjson.js






/**
 * Reads `--progress=rawjson`: a stream of BuildKit SolveStatus objects
 * (`vertexes`, `statuses`, `logs`, `warnings`), one per line, indented, or concatenated.
 */
class RawJsonParser {
    file;
    onStatus;
    collector;
    splitter;
    problems = [];
    /** Per vertex of the current build: started (ms) → completed (ms), as vertexes are re-sent whole. */
    runs = new Map();
    sawError = false;
    constructor(file, 
    /** Sees every SolveStatus object once parsed (run mode prints them as they come). */
    onStatus) {
        this.file = file;
        this.onStatus = onStatus;
        this.collector = new BuildCollector(file, 'rawjson', false);
        this.splitter = new JsonObjectSplitter((json, offset) => {
            this.object(json, offset);
        }, (line) => {
            this.text(line);
        });
    }
    push(chunk) {
        this.splitter.push(chunk);
    }
    end() {
        this.splitter.end();
        const { large, long } = this.splitter;
        if (large)
            this.problems.push(problem('json-too-large', tooLong(large.count, 'JSON object', MAX_OBJECT, false), { file: this.file, line: large.first }));
        if (long)
            this.problems.push(problem('line-too-long', tooLong(long.count, 'line', MAX_LINE, true), { file: this.file, line: long.first }));
        this.flushIntervals();
        // A vertex BuildKit announced but never started (the rest of a failed build) is not a step.
        for (const b of this.collector.builds) {
            b.vertexes = b.vertexes.filter((v) => v.started || v.cached);
        }
        return this.collector.builds.filter((b) => b.vertexes.length > 0 || b.errors.length > 0);
    }
    object(json, offset) {
        let status;
        try {
            status = JSON.parse(json);
        }
        catch {
            this.problems.push(problem('json-invalid', `not a JSON object (${json.length} characters starting ${JSON.stringify(json.slice(0, 40))})`, {
                file: this.file,
                line: offset
            }));
            return;
        }
        if (!isRecord(status)) {
            this.problems.push(problem('json-unexpected', 'a JSON value that is not a SolveStatus object', { file: this.file, line: offset }));
            return;
        }
        this.onStatus?.(status);
        const { vertexes, statuses, warnings } = status;
        if (Array.isArray(vertexes))
            for (const v of vertexes)
                if (isRecord(v))
                    this.vertex(v);
        if (Array.isArray(statuses))
            for (const s of statuses)
                if (isRecord(s))
                    this.status(s);
        if (Array.isArray(warnings))
            for (const w of warnings)
                if (isRecord(w))
                    this.warning(w);
    }
    vertex(v) {
        const digest = v.digest;
        if (typeof digest !== 'string')
            return;
        const name = typeof v.name === 'string' ? v.name : '';
        const collector = this.collector;
        if (!collector.has(digest) && isBuildDefinition(name) && this.currentHasWork())
            this.nextBuild();
        const vx = collector.vertex(digest, name);
        if (v.cached === true)
            vx.cached = true;
        const started = timestamp(v.started);
        const completed = timestamp(v.completed);
        if (started !== undefined) {
            vx.started = true;
            let runs = this.runs.get(vx);
            if (!runs) {
                runs = new Map();
                this.runs.set(vx, runs);
            }
            const prev = runs.get(started);
            if (prev === undefined || (completed !== undefined && !(completed <= prev)))
                runs.set(started, completed ?? Number.NaN);
        }
        if (typeof v.error === 'string' && v.error !== '') {
            // Cancellation is only told by its text.
            if (/context canceled/.test(v.error))
                vx.canceled = true;
            else
                vx.error = v.error;
        }
        else if (completed !== undefined) {
            vx.done = true;
        }
    }
    status(s) {
        const id = s.id;
        if (typeof s.vertex !== 'string' || typeof id !== 'string')
            return;
        const vx = this.collector.peek(s.vertex);
        if (vx && (id.startsWith('naming to ') || id.startsWith('unpacking to ')))
            this.collector.named(vx, id);
        if (vx && /^(?:extracting )?sha256:[0-9a-f]{12,}/.test(id) && typeof s.total === 'number' && s.total > 0)
            vx.pulled = true;
    }
    warning(w) {
        if (typeof w.short !== 'string')
            return;
        const text = Buffer.from(w.short, 'base64').toString('utf8').trim();
        if (text !== '' && this.collector.active)
            this.collector.warning(text);
    }
    /** Plain text after the objects: the client's `ERROR: ...` when the build failed. */
    text(line) {
        if (line.startsWith('ERROR: ') && this.collector.active) {
            // An error after a build that went well is another build's, refused before its first vertex.
            if (this.collector.finishedWell())
                this.nextBuild();
            this.collector.error(line.slice(7).trim());
            this.sawError = true;
        }
    }
    currentHasWork() {
        return this.sawError || this.collector.hasWork();
    }
    nextBuild() {
        this.flushIntervals();
        this.runs.clear();
        this.sawError = false;
        this.collector.newBuild();
    }
    flushIntervals() {
        for (const [vx, runs] of this.runs) {
            vx.intervals = [];
            // a completion before the start (a damaged timestamp) is no interval: times never go negative
            for (const [start, end] of runs)
                if (end >= start)
                    vx.intervals.push([start, end]);
        }
    }
}

;// CONCATENATED MODULE: ./lib/progress/formats.js


const rawjson = {
    name: 'rawjson',
    recognises: (line) => line.startsWith('{'),
    parser: (file, onStatus) => new RawJsonParser(file, onStatus)
};
const plain = {
    name: 'plain',
    recognises: (line) => /^#\d+ /.test(line),
    parser: (file) => new PlainParser(file)
};
/** Every format the reader knows, in the order they are tried on a line; the first is not the fallback. */
const FORMATS = [rawjson, plain];
/** What a log that no format recognises is read as: plain skips what it does not know. */
const FALLBACK = plain;

;// CONCATENATED MODULE: ./lib/progress/detect.js


/** How much text to look at for the format before assuming the fallback. */
const SNIFF_LIMIT = 256 * 1024;
/** Decides the format from the first line that one of them recognises, then streams into its parser. */
class ProgressReader {
    file;
    onStatus;
    parser;
    chosen;
    head = '';
    /** Where the first line not yet looked at starts in head: each line is looked at once. */
    scanned = 0;
    constructor(file, onStatus) {
        this.file = file;
        this.onStatus = onStatus;
    }
    /** The name of the format being read, once known. */
    get format() {
        return this.chosen?.name;
    }
    push(chunk) {
        if (this.parser) {
            this.parser.push(chunk);
            return;
        }
        this.head += chunk;
        // a chunk with no line end decides nothing; looking into head would flatten it on every chunk
        if (!chunk.includes('\n') && this.head.length <= SNIFF_LIMIT)
            return;
        const format = this.sniff(false);
        if (format !== undefined || this.head.length > SNIFF_LIMIT)
            this.start(format ?? FALLBACK);
    }
    end() {
        const parser = this.parser ?? this.start(this.sniff(true) ?? FALLBACK);
        const builds = parser.end();
        return { builds, problems: parser.problems };
    }
    start(format) {
        const parser = format.parser(this.file, this.onStatus);
        this.parser = parser;
        this.chosen = format;
        const head = this.head;
        this.head = '';
        if (head !== '')
            parser.push(head);
        return parser;
    }
    /** The format of the first line one of them recognises; a partial last line waits for more, unless at the end. */
    sniff(atEnd) {
        const text = this.head;
        for (;;) {
            const start = this.scanned;
            const nl = text.indexOf('\n', start);
            if (nl < 0 && !atEnd)
                return undefined;
            const line = stripLinePrefix(text.slice(start, nl < 0 ? undefined : nl)).trimStart();
            const format = FORMATS.find((f) => f.recognises(line));
            if (format)
                return format;
            if (nl < 0)
                return undefined;
            this.scanned = nl + 1;
        }
    }
}

;// CONCATENATED MODULE: ./lib/arrays.js
// Spreading an array into a call (`push(...xs)`, `Math.max(...xs)`) passes every element as an
// argument, and V8 overflows its stack past about 120,000 of them: these loop instead.
/** Appends every item to target, in order. */
function append(target, items) {
    for (const item of items)
        target.push(item);
}
/** The largest value, or `empty` when there is none. */
function maxOf(values, empty) {
    let max;
    for (const v of values)
        if (max === undefined || v > max)
            max = v;
    return max ?? empty;
}
/** The smallest value, or `empty` when there is none. */
function minOf(values, empty) {
    let min;
    for (const v of values)
        if (min === undefined || v < min)
            min = v;
    return min ?? empty;
}

;// CONCATENATED MODULE: ./lib/sources/log-files.js








const GLOB_CHARS = /[*?[\]{}]/;
/** Expands the `log-files` patterns (paths or globs, one per entry) into file paths. */
async function expandPatterns(patterns, cwd = process.cwd()) {
    const files = [];
    const problems = [];
    for (const pattern of patterns) {
        if (!GLOB_CHARS.test(pattern)) {
            files.push(pattern);
            continue;
        }
        const matched = [];
        for await (const f of (0,promises_namespaceObject.glob)(pattern, { cwd }))
            matched.push(f);
        matched.sort();
        if (matched.length === 0)
            problems.push(problem('file-missing', `no file matches ${pattern}`));
        append(files, matched);
    }
    return { files: [...new Set(files)], problems };
}
/** The `log-files` input: BuildKit progress saved by the user's own build step. */
const logFilesSource = {
    name: 'log-files',
    wanted: (inputs) => inputs.logFiles.length > 0,
    async read({ inputs, io }) {
        const read = await readLogFiles(inputs.logFiles, io.cwd);
        return { builds: read.builds, problems: read.problems, sources: read.files };
    }
};
/** Reads every file a chunk at a time (gzip by its magic bytes), so memory stays flat as logs grow. */
async function readLogFiles(patterns, cwd = process.cwd()) {
    const { files, problems } = await expandPatterns(patterns, cwd);
    const builds = [];
    for (const file of files) {
        const read = await readLogFile(file, cwd);
        append(builds, read.builds);
        append(problems, read.problems);
    }
    return { builds, problems, files };
}
/** Reads one log; `file` is named as the user gave it, and opened relative to `cwd`. */
async function readLogFile(file, cwd = process.cwd()) {
    const path = (0,external_node_path_namespaceObject.resolve)(cwd, file);
    let size;
    try {
        const st = await (0,promises_namespaceObject.stat)(path);
        if (!st.isFile())
            return { builds: [], problems: [problem('file-unreadable', 'is not a file', { file })] };
        size = st.size;
    }
    catch (e) {
        const missing = e.code === 'ENOENT';
        return { builds: [], problems: [problem(missing ? 'file-missing' : 'file-unreadable', missing ? 'no such file' : errorText(e), { file })] };
    }
    if (size === 0)
        return { builds: [], problems: [problem('file-empty', 'is empty', { file })] };
    const reader = new ProgressReader(file);
    const decoder = new external_node_string_decoder_namespaceObject.StringDecoder('utf8');
    let failure;
    try {
        for await (const chunk of await openStream(path)) {
            reader.push(decoder.write(chunk));
        }
    }
    catch (e) {
        // a truncated .gz or a read error half-way: keep what was read before it
        failure = problem('file-unreadable', `read stopped: ${errorText(e)}`, { file });
    }
    reader.push(decoder.end());
    const result = reader.end();
    if (failure)
        result.problems.push(failure);
    if (result.builds.length === 0 && !failure) {
        result.problems.push(problem('no-builds', 'has no BuildKit progress (expected `--progress=plain` or `--progress=rawjson` output)', { file }));
    }
    return result;
}
async function openStream(file) {
    const fh = await (0,promises_namespaceObject.open)(file, 'r');
    const magic = Buffer.alloc(2);
    try {
        await fh.read(magic, 0, 2, 0);
    }
    finally {
        await fh.close();
    }
    const stream = (0,external_node_fs_namespaceObject.createReadStream)(file, { highWaterMark: 1 << 20 });
    if (magic[0] !== 0x1f || magic[1] !== 0x8b)
        return stream;
    const gunzip = (0,external_node_zlib_namespaceObject.createGunzip)();
    stream.on('error', (e) => gunzip.destroy(e));
    return stream.pipe(gunzip);
}

;// CONCATENATED MODULE: ./lib/model/step-name.js
// `[<platform> <stage> i/n] INSTR ...`; platform and stage are optional, `i` may be space-padded.
// A platform always has a `/`, a stage name never does (Dockerfile stage names are [a-z0-9._-]).
const STEP = /^\[(?:([^\s\]/]+\/[^\s\]]+) +)?(?:([^\s\]/]+) +)?(\d+)\/(\d+)\] +([A-Za-z]+)(?:\s|$)/;
/**
 * Reads a step's name. In a bake (`docker buildx bake`, `docker compose build`) buildx prints the
 * target first: `[api base 3/4] COPY ...`, `[api linux/amd64 base 2/2] ...`, and for a target whose
 * Dockerfile has one unnamed stage `[jobs 3/4] COPY . .` (the target where a stage name would be):
 * a first word is read as the target only when the caller knows the log is a bake's.
 */
function parseStepName(name, bake = false) {
    if (bake) {
        const target = bakeTarget(name);
        if (target === undefined)
            return undefined;
        const inner = parseStepName(`[${name.slice(target.length + 2)}`);
        return inner && { target, ...inner };
    }
    const m = STEP.exec(name);
    if (!m)
        return undefined;
    const [whole, platform = '', stage = 'stage-0', index = '', count = '', instruction = ''] = m;
    const close = name.indexOf(']');
    return {
        platform,
        stage,
        index: Number(index),
        count: Number(count),
        instruction: instruction.toUpperCase(),
        text: whole.length > 0 ? name.slice(close + 1).trim() : name
    };
}
// `[api base 3/4] ...`, `[worker internal] ...`, `[api] exporting to image`: the target is the
// first word in the brackets, followed by a space or the closing bracket.
const TARGETED = /^\[([^\s\]/]+)(?: |\])/;
/** The bake target a vertex name starts with; undefined for `[internal] ...` (the bake's own) and unbracketed names. */
function bakeTarget(name) {
    const m = TARGETED.exec(name);
    const target = m?.[1];
    if (target === undefined || target === 'internal' || target === 'auth')
        return undefined;
    // `[2/3] COPY` has no target; neither does `[base 2/4]` outside a bake, which the caller decides.
    return /^\d+\/\d+$/.test(target) ? undefined : target;
}
const BAKE_MARK = /^\[internal\] load local bake definitions|^\[[^\s\]/]+ internal\] |^\[(?!internal\]|auth\])[^\s\]/]+\] /;
/** A bake prints `[internal] load local bake definitions` and names its other vertexes `[<target> internal]`, `[<target>] ...`. */
function isBakeVertex(name) {
    return BAKE_MARK.test(name);
}

;// CONCATENATED MODULE: ./lib/model/identity.js
const identity_DEFINITION = /^\[(?:[^\s\]]+ )?internal\] load build definition from (.+)$/;
function identify(vertexes, target, platforms) {
    const images = [];
    let dockerfile;
    for (const v of vertexes) {
        for (const image of v.named ?? []) {
            const short = shortImage(image);
            if (!images.includes(short))
                images.push(short);
        }
        const m = dockerfile === undefined ? identity_DEFINITION.exec(v.name) : null;
        if (m?.[1] !== undefined)
            dockerfile = m[1].trim();
    }
    const id = { images, platforms: [...new Set(platforms.filter((p) => p !== ''))].sort() };
    if (target !== undefined)
        id.target = target;
    if (dockerfile !== undefined)
        id.dockerfile = dockerfile;
    return id;
}
/** `docker.io/library/node:20` → `node:20`, `docker.io/acme/api:ci` → `acme/api:ci`: as users write them. */
function shortImage(image) {
    return image.replace(/^docker\.io\/(?:library\/)?/, '');
}
/** How a build is named: target and images, else images, else the Dockerfile, else its place in its log. */
function buildName(b) {
    const all = b.images ?? [];
    const images = all.length > 2 ? `${all.slice(0, 2).join(', ')} +${all.length - 2}` : all.join(', ');
    if (b.target !== undefined)
        return images === '' ? b.target : `${b.target} (${images})`;
    if (images !== '')
        return images;
    if (b.dockerfile !== undefined && b.dockerfile !== 'Dockerfile')
        return b.dockerfile;
    return b.index === 1 ? b.file : `${b.file} (build ${b.index})`;
}

;// CONCATENATED MODULE: ./lib/model/intervals.js
/** Length of the union of [start, end] intervals: a vertex that ran twice, overlapping or not. */
function unionLength(intervals) {
    if (intervals.length === 0)
        return 0;
    if (intervals.length === 1) {
        const [a, b] = intervals[0] ?? [0, 0];
        return Math.max(0, b - a);
    }
    const sorted = [...intervals].sort((x, y) => x[0] - y[0]);
    let total = 0;
    let [curStart, curEnd] = sorted[0] ?? [0, 0];
    for (const [a, b] of sorted.slice(1)) {
        if (a > curEnd) {
            total += curEnd - curStart;
            curStart = a;
            curEnd = b;
        }
        else if (b > curEnd) {
            curEnd = b;
        }
    }
    return total + (curEnd - curStart);
}
/** Earliest start and latest end, or undefined when nothing has both. */
function span(intervals) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const [a, b] of intervals) {
        if (a < lo)
            lo = a;
        if (b > hi)
            hi = b;
    }
    return lo <= hi ? [lo, hi] : undefined;
}

;// CONCATENATED MODULE: ./lib/model/build.js



function vertexSeconds(v) {
    if (v.intervals.length > 0)
        return unionLength(v.intervals) / 1000;
    return v.seconds ?? (v.error !== undefined || v.canceled ? v.elapsed : undefined) ?? 0;
}
function stepStatus(v) {
    if (v.cached)
        return 'cached';
    if (v.error !== undefined)
        return 'error';
    if (v.canceled)
        return 'canceled';
    return v.done ? 'done' : 'running';
}
/**
 * The builds a raw build holds: itself, or in a bake (`docker buildx bake`, `docker compose build`)
 * one build per target, each named by its target and tags. BuildKit runs work the targets share
 * once and prints each other target's copy as CACHED (`[api base 4/4] RUN` CACHED beside
 * `[worker base 4/4] RUN` that ran): a step is counted once, under the target whose name it was
 * printed with when it ran; copies of it (same stage, platform, position and text) printed CACHED
 * are left out. A step every target found cached is counted once, under the first printed.
 */
function modelBuilds(raw, index) {
    if (!raw.vertexes.some((v) => isBakeVertex(v.name)))
        return [modelBuild(raw, index, false)];
    const targets = new Map();
    const shared = [];
    for (const v of raw.vertexes) {
        const t = bakeTarget(v.name);
        const list = t === undefined ? shared : targets.get(t);
        if (list)
            list.push(v);
        else if (t !== undefined)
            targets.set(t, [v]);
    }
    if (targets.size === 0)
        return [modelBuild(raw, index, true)];
    const copies = sharedCopies(raw.vertexes);
    const names = [...targets.keys()];
    return names.map((t, i) => {
        const own = (targets.get(t) ?? []).filter((v) => !copies.has(v));
        // the bake's own vertexes (`[internal] load local bake definitions`) go with the first target
        const vertexes = i === 0 ? [...shared, ...own].sort((a, b) => a.order - b.order) : own;
        const mine = (e) => new RegExp(`^target ${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:`).test(e);
        const errors = raw.errors.filter((e) => mine(e) || (i === 0 && !names.some((n) => e.startsWith(`target ${n}:`))));
        const b = modelBuild({ ...raw, vertexes, errors, warnings: i === 0 ? raw.warnings : [] }, index + i, true);
        b.target = t;
        return b;
    });
}
/**
 * In a bake, the CACHED copies of a step that another vertex of the same name (target aside) ran,
 * or every all-cached copy but the first. Only in a named stage whose every step up to it reads
 * the same in all targets: two compose services' unnamed stages (`[api 3/4] COPY . .`,
 * `[jobs 3/4] COPY . .`) are different steps even where their text is the same. (Two targets
 * whose named stages read the same but copy different contexts cannot be told apart by name.)
 */
function sharedCopies(vertexes) {
    const groups = new Map();
    // per stage, the distinct texts at each position over every target: a shared chain has one
    const texts = new Map();
    const parsed = new Map();
    for (const v of vertexes) {
        const p = parseStepName(v.name, true);
        if (p === undefined || !(v.started || v.cached) || /^stage-\d+$/.test(p.stage))
            continue;
        parsed.set(v, p);
        const stageKey = `${p.platform}\u0000${p.stage}\u0000${p.count}`;
        const at = texts.get(stageKey) ?? new Map();
        texts.set(stageKey, at);
        const set = at.get(p.index) ?? new Set();
        set.add(p.text);
        at.set(p.index, set);
    }
    for (const [v, p] of parsed) {
        if (p.instruction === 'FROM')
            continue;
        const at = texts.get(`${p.platform}\u0000${p.stage}\u0000${p.count}`);
        let chain = true;
        for (let i = 1; i < p.index && chain; i++)
            chain = (at?.get(i)?.size ?? 1) <= 1;
        if (!chain)
            continue;
        const key = `${p.platform}\u0000${p.stage}\u0000${p.index}/${p.count}\u0000${p.text}`;
        const group = groups.get(key);
        if (group)
            group.push(v);
        else
            groups.set(key, [v]);
    }
    const copies = new Set();
    for (const group of groups.values()) {
        if (group.length < 2)
            continue;
        const keep = group.find((v) => !v.cached) ?? group[0];
        for (const v of group)
            if (v !== keep && v.cached)
                copies.add(v);
    }
    return copies;
}
/** Classifies a build's vertexes into steps, base images and the rest, grouped by stage. */
function modelBuild(raw, index, bake = false) {
    const steps = [];
    const baseImages = [];
    // where each stage first shows in the log (its FROM included): the order its stages are listed in
    const firstSeen = new Map();
    let otherSeconds = 0;
    let sumSeconds = 0;
    const all = [];
    for (const v of raw.vertexes) {
        const secs = vertexSeconds(v);
        sumSeconds += secs;
        for (const iv of v.intervals)
            all.push(iv);
        const parsed = parseStepName(v.name, bake);
        if (parsed === undefined) {
            otherSeconds += secs;
            continue;
        }
        const stageKey = `${parsed.platform}\u0000${parsed.stage}`;
        const seen = firstSeen.get(stageKey) ?? { order: v.order, start: Number.POSITIVE_INFINITY };
        seen.order = Math.min(seen.order, v.order);
        for (const iv of v.intervals)
            seen.start = Math.min(seen.start, iv[0]);
        firstSeen.set(stageKey, seen);
        if (parsed.instruction === 'FROM') {
            baseImages.push({
                key: v.key,
                platform: parsed.platform,
                stage: parsed.stage,
                image: parsed.text.replace(/^FROM\s+/i, ''),
                pulled: v.pulled,
                seconds: secs
            });
            continue;
        }
        const step = { ...parsed, key: v.key, name: v.name, cached: v.cached, status: stepStatus(v), seconds: secs };
        // the target is the build's (modelBuilds), not each step's
        delete step.target;
        if (v.cached && secs > 0) {
            step.seconds = 0;
            step.pullSeconds = secs;
        }
        const s = span(v.intervals);
        if (s)
            step.span = s;
        steps.push(step);
    }
    const wall = span(all);
    const failedStep = raw.vertexes.find((v) => v.error !== undefined && parseStepName(v.name, bake) !== undefined);
    const canceled = raw.errors.some((e) => /context canceled|^Canceled/i.test(e));
    const failed = raw.errors.length > 0 || failedStep !== undefined;
    const build = {
        file: raw.file,
        format: raw.format,
        index,
        steps,
        baseImages,
        stages: groupStages(steps, firstSeen),
        otherSeconds,
        duration: wall ? (wall[1] - wall[0]) / 1000 : sumSeconds,
        durationKind: wall ? 'wall' : 'sum',
        status: canceled && failedStep === undefined ? 'canceled' : failed ? 'failed' : 'success',
        warnings: raw.warnings
    };
    const id = identify(raw.vertexes, undefined, steps.map((st) => st.platform));
    build.images = id.images;
    build.platforms = id.platforms;
    if (id.dockerfile !== undefined)
        build.dockerfile = id.dockerfile;
    if (raw.name !== undefined)
        build.name = raw.name;
    if (raw.ref !== undefined)
        build.ref = raw.ref;
    if (wall) {
        build.startedAt = wall[0];
        build.completedAt = wall[1];
    }
    const error = raw.errors.at(-1) ?? failedStep?.error;
    if (error !== undefined)
        build.error = error;
    return build;
}
function groupStages(steps, firstSeen) {
    const byKey = new Map();
    for (const step of steps) {
        const key = `${step.platform}\u0000${step.stage}`;
        let stage = byKey.get(key);
        if (!stage) {
            stage = { platform: step.platform, name: step.stage, steps: [], cached: 0, seconds: 0 };
            byKey.set(key, stage);
        }
        stage.steps.push(step);
        if (step.cached)
            stage.cached++;
        stage.seconds += step.seconds;
    }
    for (const stage of byKey.values()) {
        stage.steps.sort((a, b) => a.index - b.index);
        // a stage that did not run (every step cached) has no wall span
        const s = stage.cached < stage.steps.length ? span(stage.steps.flatMap((st) => (st.span ? [st.span] : []))) : undefined;
        if (s)
            stage.wall = (s[1] - s[0]) / 1000;
    }
    return dockerfileOrder([...byKey.entries()].map(([key, st]) => ({ st, seen: firstSeen.get(key) ?? { order: 0, start: Number.POSITIVE_INFINITY } })));
}
/**
 * Stages in the Dockerfile's order as far as the log tells it (it holds no line numbers): a stage
 * a `COPY --from=<stage>` names comes before the stage that copies; otherwise stages are in the
 * order they first ran (rawjson: the first start, FROM included) or were first printed (plain:
 * the first `#N` of the stage, FROM included), which follows the FROM chain: `base` before the
 * stages built on it.
 */
function dockerfileOrder(stages) {
    const timed = stages.every((x) => Number.isFinite(x.seen.start));
    const ranked = [...stages].sort((a, b) => (timed ? a.seen.start - b.seen.start : 0) || a.seen.order - b.seen.order).map((x) => x.st);
    // by name, not by search: a build can hold very many stages
    const byName = new Map();
    for (const st of ranked) {
        const same = byName.get(st.name);
        if (same)
            same.push(st);
        else
            byName.set(st.name, [st]);
    }
    const depsOf = (st) => st.steps.flatMap((s) => [...s.text.matchAll(/--from=(\S+)/g)].flatMap((m) => (byName.get(m[1] ?? '') ?? []).filter((d) => d !== st && d.platform === st.platform)));
    const out = [];
    const placed = new Set();
    const place = (st) => {
        if (placed.has(st))
            return;
        placed.add(st);
        for (const dep of depsOf(st))
            place(dep);
        out.push(st);
    };
    for (const st of ranked)
        place(st);
    return out;
}

;// CONCATENATED MODULE: ./lib/analysis/analyse.js
const SLOWEST = 10;
function hitRate(cached, steps) {
    return steps === 0 ? null : (cached / steps) * 100;
}
function tally(steps) {
    const cached = steps.filter((s) => s.cached).length;
    return { steps: steps.length, cached, hitRate: hitRate(cached, steps.length) };
}
/** Step number 1-based in the order the report lists builds. */
function ref(build, s) {
    return {
        build,
        platform: s.platform,
        stage: s.stage,
        index: s.index,
        count: s.count,
        instruction: s.instruction,
        text: s.text,
        cached: s.cached,
        status: s.status,
        seconds: s.seconds
    };
}
function analyse(builds) {
    const allSteps = builds.flatMap((b, i) => b.steps.map((s) => [i + 1, s]));
    const steps = allSteps.map(([, s]) => s);
    const kinds = new Set(builds.map((b) => b.durationKind));
    const totals = {
        ...tally(steps),
        builds: builds.length,
        failed: builds.filter((b) => b.status !== 'success').length,
        duration: builds.reduce((t, b) => t + b.duration, 0),
        durationKind: kinds.size === 1 ? ([...kinds][0] ?? 'sum') : kinds.size === 0 ? 'sum' : 'mixed'
    };
    const stages = new Map();
    const wallUnknown = new Set();
    for (const b of builds) {
        for (const st of b.stages) {
            const key = `${st.platform}\u0000${st.name}`;
            const t = stages.get(key) ?? { platform: st.platform, name: st.name, steps: 0, cached: 0, hitRate: null, seconds: 0 };
            t.steps += st.steps.length;
            t.cached += st.cached;
            t.seconds += st.seconds;
            t.hitRate = hitRate(t.cached, t.steps);
            if (st.wall === undefined)
                wallUnknown.add(key);
            else
                t.wall = (t.wall ?? 0) + st.wall;
            stages.set(key, t);
        }
    }
    for (const key of wallUnknown) {
        const t = stages.get(key);
        if (t)
            delete t.wall;
    }
    const platforms = new Map();
    for (const s of steps) {
        const list = platforms.get(s.platform);
        if (list)
            list.push(s);
        else
            platforms.set(s.platform, [s]);
    }
    // a cache hit is never among the slowest, even when its layers were pulled later (pullSeconds)
    const slowest = allSteps
        .filter(([, s]) => s.seconds > 0 && !s.cached)
        .sort(([, a], [, b]) => b.seconds - a.seconds)
        .slice(0, SLOWEST)
        .map(([i, s]) => ref(i, s));
    return {
        builds,
        totals,
        stages: [...stages.values()],
        platforms: [...platforms].map(([platform, list]) => ({ platform, ...tally(list) })),
        slowest,
        breaks: builds.flatMap((b, i) => cacheBreaks(b, i + 1))
    };
}
function cacheBreaks(build, buildNo) {
    const breaks = [];
    for (const stage of build.stages) {
        let cachedBefore = 0;
        const ordered = stage.steps;
        for (let i = 0; i < ordered.length; i++) {
            const step = ordered[i];
            if (!step)
                continue;
            if (step.cached) {
                cachedBefore++;
                continue;
            }
            if (cachedBefore === 0)
                break;
            const rest = ordered.slice(i).filter((s) => !s.cached);
            breaks.push({
                build: buildNo,
                platform: stage.platform,
                stage: stage.name,
                step: ref(buildNo, step),
                cachedBefore,
                stepsAfter: rest.length,
                seconds: rest.reduce((t, s) => t + s.seconds, 0)
            });
            break;
        }
    }
    return breaks.sort((a, b) => b.seconds - a.seconds);
}

;// CONCATENATED MODULE: ./lib/format.js

/** `83.3`: one decimal, and never `100.0` unless every step was cached (99.96 reads 99.9). */
function formatPercent(rate) {
    if (rate === null)
        return '';
    const fixed = rate.toFixed(1);
    return fixed === '100.0' && rate < 100 ? '99.9' : fixed;
}
/** One decimal, as the outputs carry seconds, percentages and points. */
function oneDecimal(seconds) {
    return fixedSigned(seconds, 1);
}
/** `digits` decimals; halves round away from zero for either sign, and there is no `-0.0`. */
function fixedSigned(n, digits) {
    const f = 10 ** digits;
    const r = Math.round(Math.abs(n) * f) / f;
    return `${n < 0 && r > 0 ? '-' : ''}${r.toFixed(digits)}`;
}
/** `4.1s`, `2m 03.4s`, `1h 02m 05s`: for people. */
function formatDuration(seconds) {
    if (!Number.isFinite(seconds) || seconds < 0)
        return '–';
    const tenths = Math.round(seconds * 10);
    if (tenths < 600)
        return `${(tenths / 10).toFixed(1)}s`;
    const h = Math.floor(tenths / 36000);
    const m = Math.floor((tenths % 36000) / 600);
    const s = (tenths % 600) / 10;
    if (h > 0)
        return `${h}h ${String(m).padStart(2, '0')}m ${String(Math.round(s)).padStart(2, '0')}s`;
    return `${m}m ${s.toFixed(1).padStart(4, '0')}s`;
}
/** A bar of `width` cells for value/max, in eighths. */
function bar(value, max, width = 16) {
    if (max <= 0 || value <= 0)
        return '';
    const eighths = Math.max(1, Math.round((value / max) * width * 8));
    const full = Math.floor(eighths / 8);
    const part = eighths % 8;
    return '█'.repeat(full) + (part > 0 ? ' ▏▎▍▌▋▊▉'.charAt(part) : '');
}
/** Bytes in decimal units as buildx prints them: `463 B`, `2.47 kB`, `1.05 MB`. */
function formatBytes(bytes) {
    const sign = bytes < 0 ? '−' : '';
    let v = Math.abs(bytes);
    const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
    let u = 0;
    while (v >= 1000 && u < units.length - 1) {
        v /= 1000;
        u++;
    }
    const digits = u === 0 ? 0 : v >= 100 ? 0 : v >= 10 ? 1 : 2;
    return `${sign}${v.toFixed(digits)} ${units[u] ?? 'B'}`;
}
/** `+1.05 MB` / `−12.0 kB` / `±0 B`. */
function formatBytesDelta(bytes) {
    return bytes === 0 ? '±0 B' : bytes > 0 ? `+${formatBytes(bytes)}` : formatBytes(bytes);
}
/** `▲ 12.5s` / `▼ 1m 30.0s` / `= 0.0s`: a change in time, up being slower. */
function formatDurationDelta(seconds) {
    const r = Math.round(Math.abs(seconds) * 10) / 10;
    return r === 0 ? '= 0.0s' : `${seconds > 0 ? '▲' : '▼'} ${formatDuration(r)}`;
}
/** `▲ 12.5 pts` / `▼ 3.0 pts`: a change in percentage points. */
function formatPointsDelta(points) {
    const r = Math.round(Math.abs(points) * 10) / 10;
    return r === 0 ? '= 0.0 pts' : `${points > 0 ? '▲' : '▼'} ${r.toFixed(1)} pts`;
}
const SPARKS = '▁▂▃▄▅▆▇█';
/** A one-line chart of values, scaled between their min and max. */
function sparkline(values) {
    if (values.length === 0)
        return '';
    const lo = minOf(values, 0);
    const hi = maxOf(values, 0);
    return values.map((v) => SPARKS.charAt(hi === lo ? 3 : Math.round(((v - lo) / (hi - lo)) * (SPARKS.length - 1)))).join('');
}
/** `9.31 GiB`: binary units, as GitHub states the Actions cache's limit. */
function gib(bytes) {
    return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

;// CONCATENATED MODULE: ./lib/gates/gate.js

const pct = (n) => `${formatPercent(n)}%`;
const secs = (n) => `${oneDecimal(n)}s`;
const pts = (n) => `${oneDecimal(n)} points`;
function notJudged(message) {
    return { measured: null, failed: false, message };
}
function noBaseline(input, threshold) {
    return notJudged(`${input} ${threshold} not evaluated: there is no baseline to compare with yet`);
}

;// CONCATENATED MODULE: ./lib/gates/min-cache-hit-rate.js

const input = 'min-cache-hit-rate';
const minCacheHitRate = {
    input,
    unit: '%',
    range: { min: 0, max: 100 },
    usage: 'exit 1 when the cache hit rate (percent) is below n',
    unjudged: 'warning',
    judge(min, { totals }) {
        const rate = totals.hitRate;
        if (rate === null)
            return notJudged(`${input} ${min}% not evaluated: no Dockerfile step was found in the logs`);
        return { measured: rate, failed: rate < min, message: `cache hit rate ${pct(rate)} ${rate < min ? 'is below' : 'meets'} ${input} ${min}%` };
    }
};

;// CONCATENATED MODULE: ./lib/gates/max-duration.js

const max_duration_input = 'max-duration';
const maxDuration = {
    input: max_duration_input,
    unit: 's',
    range: { min: 0 },
    usage: 'exit 1 when the build took longer than s seconds',
    unjudged: 'notice',
    judge(max, { totals }) {
        const d = totals.duration;
        return { measured: d, failed: d > max, message: `build duration ${secs(d)} ${d > max ? 'is above' : 'is within'} ${max_duration_input} ${max}s` };
    }
};

;// CONCATENATED MODULE: ./lib/gates/max-duration-increase.js


const max_duration_increase_input = 'max-duration-increase';
const maxDurationIncrease = {
    input: max_duration_increase_input,
    unit: '%',
    range: { min: 0 },
    usage: 'exit 1 when the build is n percent slower than the baseline',
    unjudged: 'notice',
    judge(max, { totals, deltas }) {
        if (!deltas)
            return noBaseline(max_duration_increase_input, max);
        const inc = deltas.durationDeltaPercent;
        if (inc === undefined) {
            return notJudged(`${max_duration_increase_input} ${max}% not evaluated: the baseline's duration was measured another way (wall clock against a sum of step times)`);
        }
        const verb = inc > max ? 'more than' : 'within';
        return {
            measured: inc,
            failed: inc > max,
            message: `build duration ${secs(totals.duration)} is ${oneDecimal(Math.abs(inc))}% ${inc >= 0 ? 'above' : 'below'} the baseline median ${secs(deltas.baselineDuration)}, ${verb} ${max_duration_increase_input} ${max}%`
        };
    }
};

;// CONCATENATED MODULE: ./lib/gates/max-cache-hit-rate-drop.js

const max_cache_hit_rate_drop_input = 'max-cache-hit-rate-drop';
const maxCacheHitRateDrop = {
    input: max_cache_hit_rate_drop_input,
    range: { min: 0, max: 100 },
    usage: 'exit 1 when the hit rate is n points below the baseline',
    unjudged: 'notice',
    judge(max, { totals, deltas }) {
        if (!deltas)
            return noBaseline(max_cache_hit_rate_drop_input, max);
        const delta = deltas.hitRateDelta;
        if (delta === null || totals.hitRate === null || deltas.baselineHitRate === null)
            return notJudged(`${max_cache_hit_rate_drop_input} ${max} not evaluated: no hit rate to compare`);
        const drop = -delta;
        return {
            measured: drop,
            failed: drop > max,
            message: `cache hit rate ${pct(totals.hitRate)} is ${pts(Math.abs(drop))} ${drop >= 0 ? 'below' : 'above'} the baseline median ${pct(deltas.baselineHitRate)}, ${drop > max ? 'more than' : 'within'} ${max_cache_hit_rate_drop_input} ${max}`
        };
    }
};

;// CONCATENATED MODULE: ./lib/gates/index.js




/** Every gate, in the order their checks are reported. A new gate is a file here and its line in action.yml. */
const GATES = [minCacheHitRate, maxDuration, maxDurationIncrease, maxCacheHitRateDrop];
function gateFor(input) {
    return GATES.find((g) => g.input === input);
}
/** Judges every threshold the user set; the verdict is fail when any failed, pass when any passed. */
function evaluateGates(thresholds, totals, deltas) {
    const checks = [];
    for (const g of GATES) {
        const threshold = thresholds[g.input];
        if (threshold === undefined)
            continue;
        const j = g.judge(threshold, { totals, deltas });
        checks.push({ gate: g.input, threshold, measured: j.measured, verdict: j.measured === null ? 'none' : j.failed ? 'fail' : 'pass', message: j.message });
    }
    const verdict = checks.some((c) => c.verdict === 'fail') ? 'fail' : checks.some((c) => c.verdict === 'pass') ? 'pass' : 'none';
    return { verdict, checks };
}

;// CONCATENATED MODULE: ./lib/report/schema.js
/** The JSON report's version: baselines record it, readers of older reports compare with it. */
const schema_SCHEMA_VERSION = 1;

;// CONCATENATED MODULE: ./lib/baseline/entry.js


const WINDOW = 20;
/** Steps match across runs by platform, stage and instruction text (the `#N` and digests change). */
function stepKey(s) {
    return `${s.platform}\u0000${s.stage}\u0000${s.text}`;
}
function toEntry(report, meta = {}) {
    const entry = {
        schemaVersion: report.schemaVersion,
        createdAt: report.generatedAt,
        steps: report.totals.steps,
        cached: report.totals.cached,
        hitRate: report.totals.hitRate,
        duration: report.totals.duration,
        durationKind: report.totals.durationKind,
        stages: report.stages.map((s) => ({ platform: s.platform, name: s.name, steps: s.steps, cached: s.cached, seconds: s.seconds })),
        stepTimes: report.builds.flatMap((b) => b.steps.map((s) => ({ key: stepKey(s), cached: s.cached, seconds: s.seconds })))
    };
    if (meta.runId !== undefined)
        entry.runId = meta.runId;
    if (meta.runAttempt !== undefined)
        entry.runAttempt = meta.runAttempt;
    if (meta.sha !== undefined)
        entry.sha = meta.sha;
    if (meta.ref !== undefined)
        entry.ref = meta.ref;
    return entry;
}
/** The new history: the window's entries with this run's appended, the oldest dropped past WINDOW. */
function appendEntry(history, entry) {
    return { schemaVersion: SCHEMA_VERSION, entries: [...history, entry].slice(-WINDOW) };
}
/**
 * Reads what a store or a file holds: a BaselineHistory, or a report JSON (the `report` output,
 * `build-insights --json`). Other schema versions are read where their fields are there.
 */
function readBaseline(json) {
    if (!isRecord(json))
        return { entries: [], warning: 'the baseline is not a JSON object' };
    const version = finite(json.schemaVersion);
    const note = version !== undefined && version !== schema_SCHEMA_VERSION ? ` (schemaVersion ${version}, this version reads ${schema_SCHEMA_VERSION})` : '';
    if (Array.isArray(json.entries)) {
        // the window is the newest WINDOW runs: a longer history is read from its end
        const given = json.entries.slice(-WINDOW);
        const entries = given.map(entryFrom).filter((e) => e !== undefined);
        if (entries.length === 0)
            return { entries, warning: `the baseline history has no entry that can be read${note}` };
        return entries.length < given.length ? { entries, warning: `${given.length - entries.length} baseline entries could not be read${note}` } : { entries };
    }
    const fromReport = reportEntry(json);
    return fromReport ? { entries: [fromReport] } : { entries: [], warning: `the baseline is neither a report nor a baseline history${note}` };
}
/** A whole number of steps, as a count. */
const count = (n) => Number.isInteger(n) && n >= 0;
/** A build's time: not negative, and shorter than 35 days (no runner keeps a job that long). */
const seconds = (n) => n >= 0 && n <= 35 * 24 * 3600;
function entryFrom(x) {
    if (!isRecord(x))
        return undefined;
    const steps = finite(x.steps);
    const cached = finite(x.cached);
    const duration = finite(x.duration);
    if (steps === undefined || cached === undefined || duration === undefined || typeof x.createdAt !== 'string')
        return undefined;
    // a figure no build can have (one `hitRate: 1e9` once failed a gate): the entry is not a run's
    const hitRate = x.hitRate === null || x.hitRate === undefined ? undefined : finite(x.hitRate);
    if (!count(steps) || !count(cached) || cached > steps || !seconds(duration))
        return undefined;
    if (hitRate === undefined ? x.hitRate !== null && x.hitRate !== undefined : hitRate < 0 || hitRate > 100)
        return undefined;
    const stages = Array.isArray(x.stages) ? x.stages.flatMap(stageFrom) : [];
    const stepTimes = Array.isArray(x.stepTimes) ? x.stepTimes.flatMap(stepTimeFrom) : [];
    if (stages.some((s) => !count(s.steps) || !count(s.cached) || s.cached > s.steps || !seconds(s.seconds)) || stepTimes.some((s) => !seconds(s.seconds)))
        return undefined;
    const e = {
        schemaVersion: finite(x.schemaVersion) ?? 0,
        createdAt: x.createdAt,
        steps,
        cached,
        hitRate: hitRate ?? (steps > 0 ? (cached / steps) * 100 : null),
        duration,
        durationKind: typeof x.durationKind === 'string' ? x.durationKind : 'sum',
        stages,
        stepTimes
    };
    for (const k of ['runId', 'runAttempt', 'sha', 'ref']) {
        const v = x[k];
        if (typeof v === 'string')
            e[k] = v;
    }
    return e;
}
function stageFrom(x) {
    if (!isRecord(x) || typeof x.name !== 'string')
        return [];
    return [
        {
            platform: typeof x.platform === 'string' ? x.platform : '',
            name: x.name,
            steps: finite(x.steps) ?? 0,
            cached: finite(x.cached) ?? 0,
            seconds: finite(x.seconds) ?? 0
        }
    ];
}
function stepTimeFrom(x) {
    if (!isRecord(x) || typeof x.key !== 'string')
        return [];
    return [{ key: x.key, cached: x.cached === true, seconds: finite(x.seconds) ?? 0 }];
}
/** A report JSON read field by field: enough of it for an entry, whatever its version. */
function reportEntry(json) {
    const totals = json.totals;
    if (!isRecord(totals))
        return undefined;
    const stepTimes = [];
    if (Array.isArray(json.builds)) {
        for (const b of json.builds) {
            if (!isRecord(b) || !Array.isArray(b.steps))
                continue;
            for (const s of b.steps) {
                if (!isRecord(s) || typeof s.stage !== 'string' || typeof s.text !== 'string')
                    continue;
                stepTimes.push({
                    key: stepKey({ platform: typeof s.platform === 'string' ? s.platform : '', stage: s.stage, text: s.text }),
                    cached: s.cached === true,
                    seconds: finite(s.seconds) ?? 0
                });
            }
        }
    }
    // a report's totals carry an entry's figures under the same names
    return entryFrom({
        ...totals,
        schemaVersion: json.schemaVersion,
        createdAt: typeof json.generatedAt === 'string' ? json.generatedAt : '',
        stages: json.stages,
        stepTimes
    });
}

;// CONCATENATED MODULE: ./lib/baseline/deltas.js

function median(values) {
    if (values.length === 0)
        return undefined;
    const s = [...values].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 === 1 ? s[m] : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}
function medianOrNull(values) {
    return median(values.filter((v) => v !== null)) ?? null;
}
const STEPS_SHOWN = 10;
/** This run against the median of the baseline window. */
function computeDeltas(report, entries) {
    if (entries.length === 0)
        return undefined;
    const t = report.totals;
    const baselineDuration = median(entries.map((e) => e.duration)) ?? 0;
    const baselineHitRate = medianOrNull(entries.map((e) => e.hitRate));
    const comparable = entries.every((e) => e.durationKind === t.durationKind);
    const deltas = {
        runs: entries.length,
        baselineDuration,
        baselineHitRate,
        hitRateDelta: t.hitRate === null || baselineHitRate === null ? null : t.hitRate - baselineHitRate,
        stages: stageDeltas(report, entries),
        ...stepDeltas(report, entries),
        history: [
            ...entries.map((e) => ({ createdAt: e.createdAt, duration: e.duration, hitRate: e.hitRate })),
            { createdAt: report.generatedAt, duration: t.duration, hitRate: t.hitRate }
        ]
    };
    if (comparable) {
        deltas.durationDelta = t.duration - baselineDuration;
        if (baselineDuration > 0)
            deltas.durationDeltaPercent = (deltas.durationDelta / baselineDuration) * 100;
    }
    return deltas;
}
function stageDeltas(report, entries) {
    // by key, once: a search per stage is quadratic in the stages
    const byStage = new Map();
    for (const e of entries) {
        for (const b of e.stages) {
            const key = `${b.platform}\u0000${b.name}`;
            const list = byStage.get(key);
            if (list)
                list.push(b);
            else
                byStage.set(key, [b]);
        }
    }
    return report.stages.map((s) => {
        const past = byStage.get(`${s.platform}\u0000${s.name}`) ?? [];
        const d = { platform: s.platform, name: s.name, seconds: s.seconds, hitRate: s.hitRate };
        if (past.length === 0)
            return d;
        const baselineSeconds = median(past.map((p) => p.seconds)) ?? 0;
        const baselineHitRate = medianOrNull(past.map((p) => (p.steps > 0 ? (p.cached / p.steps) * 100 : null)));
        d.baselineSeconds = baselineSeconds;
        d.baselineHitRate = baselineHitRate;
        d.secondsDelta = s.seconds - baselineSeconds;
        d.hitRateDelta = s.hitRate === null || baselineHitRate === null ? null : s.hitRate - baselineHitRate;
        return d;
    });
}
function stepDeltas(report, entries) {
    const past = new Map();
    for (const e of entries) {
        for (const s of e.stepTimes) {
            const p = past.get(s.key) ?? { seconds: [], cached: 0, runs: 0 };
            p.seconds.push(s.seconds);
            p.runs++;
            if (s.cached)
                p.cached++;
            past.set(s.key, p);
        }
    }
    const steps = [];
    const newMisses = [];
    for (const b of report.builds) {
        for (const s of b.steps) {
            const p = past.get(stepKey(s));
            if (!p)
                continue;
            const baselineSeconds = median(p.seconds) ?? 0;
            steps.push({
                platform: s.platform,
                stage: s.stage,
                index: s.index,
                text: s.text,
                seconds: s.seconds,
                baselineSeconds,
                secondsDelta: s.seconds - baselineSeconds
            });
            if (!s.cached && p.cached * 2 > p.runs)
                newMisses.push({ platform: s.platform, stage: s.stage, index: s.index, text: s.text, seconds: s.seconds });
        }
    }
    steps.sort((a, b) => Math.abs(b.secondsDelta) - Math.abs(a.secondsDelta));
    newMisses.sort((a, b) => a.platform.localeCompare(b.platform) || a.stage.localeCompare(b.stage) || a.index - b.index);
    return { steps: steps.filter((s) => s.secondsDelta !== 0).slice(0, STEPS_SHOWN), newMisses };
}

;// CONCATENATED MODULE: ./lib/billing/prices.json
const prices_namespaceObject = /*#__PURE__*/JSON.parse('{"sT":"2026-01-01","sP":"GitHub Docs, \'Actions runner pricing\' (https://docs.github.com/en/billing/reference/actions-runner-pricing): github/docs content/billing/reference/actions-runner-pricing.md (column \'January 1, 2026 onward\', commit 41a2e43a784f933d96d79f9ca862205c3f8bd8d4; same figures without the old column at 0460e4095b136e687f3647e7c2420427b90ae4dc) and data/reusables/billing/actions-standard-runner-prices.md (commit 77c10b881f12c8920b5250a2c6165c3505e60887). sku is GitHub\'s billing SKU.","Zv":[{"sku":"linux","os":"linux","arch":"x64","cores":2,"usdPerMinute":0.006},{"sku":"linux_slim","os":"linux","arch":"x64","cores":1,"usdPerMinute":0.002},{"sku":"windows","os":"windows","arch":"x64","cores":2,"usdPerMinute":0.01},{"sku":"macos","os":"macos","arch":"arm64","cores":3,"usdPerMinute":0.062},{"sku":"macos","os":"macos","arch":"x64","cores":4,"usdPerMinute":0.062},{"sku":"linux_2_core_advanced","os":"linux","arch":"x64","cores":2,"usdPerMinute":0.006},{"sku":"linux_4_core","os":"linux","arch":"x64","cores":4,"usdPerMinute":0.012},{"sku":"linux_8_core","os":"linux","arch":"x64","cores":8,"usdPerMinute":0.022},{"sku":"linux_16_core","os":"linux","arch":"x64","cores":16,"usdPerMinute":0.042},{"sku":"linux_32_core","os":"linux","arch":"x64","cores":32,"usdPerMinute":0.082},{"sku":"linux_64_core","os":"linux","arch":"x64","cores":64,"usdPerMinute":0.162},{"sku":"linux_96_core","os":"linux","arch":"x64","cores":96,"usdPerMinute":0.252},{"sku":"windows_4_core","os":"windows","arch":"x64","cores":4,"usdPerMinute":0.022},{"sku":"windows_8_core","os":"windows","arch":"x64","cores":8,"usdPerMinute":0.042},{"sku":"windows_16_core","os":"windows","arch":"x64","cores":16,"usdPerMinute":0.082},{"sku":"windows_32_core","os":"windows","arch":"x64","cores":32,"usdPerMinute":0.162},{"sku":"windows_64_core","os":"windows","arch":"x64","cores":64,"usdPerMinute":0.322},{"sku":"windows_96_core","os":"windows","arch":"x64","cores":96,"usdPerMinute":0.552},{"sku":"macos_l","os":"macos","arch":"x64","cores":12,"usdPerMinute":0.077},{"sku":"linux_2_core_arm","os":"linux","arch":"arm64","cores":2,"usdPerMinute":0.005},{"sku":"linux_4_core_arm","os":"linux","arch":"arm64","cores":4,"usdPerMinute":0.008},{"sku":"linux_8_core_arm","os":"linux","arch":"arm64","cores":8,"usdPerMinute":0.014},{"sku":"linux_16_core_arm","os":"linux","arch":"arm64","cores":16,"usdPerMinute":0.026},{"sku":"linux_32_core_arm","os":"linux","arch":"arm64","cores":32,"usdPerMinute":0.05},{"sku":"linux_64_core_arm","os":"linux","arch":"arm64","cores":64,"usdPerMinute":0.098},{"sku":"windows_2_core_arm","os":"windows","arch":"arm64","cores":2,"usdPerMinute":0.008},{"sku":"windows_4_core_arm","os":"windows","arch":"arm64","cores":4,"usdPerMinute":0.014},{"sku":"windows_8_core_arm","os":"windows","arch":"arm64","cores":8,"usdPerMinute":0.026},{"sku":"windows_16_core_arm","os":"windows","arch":"arm64","cores":16,"usdPerMinute":0.05},{"sku":"windows_32_core_arm","os":"windows","arch":"arm64","cores":32,"usdPerMinute":0.098},{"sku":"windows_64_core_arm","os":"windows","arch":"arm64","cores":64,"usdPerMinute":0.194},{"sku":"macos_xl","os":"macos","arch":"arm64","cores":5,"usdPerMinute":0.102}]}');
;// CONCATENATED MODULE: ./lib/billing/billing.js

// Checked against PriceRow by the compiler, so a malformed edit of prices.json fails the build.
const ROWS = prices_namespaceObject.Zv;
const PRICES_AS_OF = prices_namespaceObject.sT;
const PRICES_SOURCE = prices_namespaceObject.sP;
const OS = { Linux: 'linux', Windows: 'windows', macOS: 'macos' };
const ARCH = { X64: 'x64', ARM64: 'arm64', ARM: 'arm', X86: 'x86' };
const positiveInt = (n) => (n !== undefined && Number.isInteger(n) && n > 0 ? n : undefined);
/** From RUNNER_ENVIRONMENT (github-hosted|self-hosted), RUNNER_OS (Linux|Windows|macOS), RUNNER_ARCH (X64|ARM64|ARM|X86), the job's labels (from the jobs API when known) and the core count. */
function billing_runnerFromEnv(env, labels, cores) {
    const e = env.RUNNER_ENVIRONMENT;
    // Runners older than RUNNER_ENVIRONMENT still carry the `self-hosted` label GitHub adds to every self-hosted runner.
    const environment = e === 'github-hosted' || e === 'self-hosted' ? e : labels.includes('self-hosted') ? 'self-hosted' : 'unknown';
    const os = OS[env.RUNNER_OS ?? ''] ?? (env.RUNNER_OS ?? '').toLowerCase();
    const arch = ARCH[env.RUNNER_ARCH ?? ''] ?? (env.RUNNER_ARCH ?? '').toLowerCase();
    return { environment, os, arch, labels: [...labels], cores: positiveInt(cores) };
}
// GitHub's standard image labels (ubuntu-latest, ubuntu-slim, ubuntu-24.04-arm, windows-11-arm, macos-15-intel, …):
// they name the 2-core runner (macOS: 3-core M1 / 4-core Intel) whatever cores the machine shows, since
// public repositories get 4 cores on the same labels, and ubuntu-slim's container may see its host's.
const STANDARD = /^(ubuntu|windows|macos)-(latest|slim|\d+(\.\d+)?)(-arm|-intel)?$/;
/** A standard GitHub-hosted runner's label: free minutes in public repositories (larger runners are not). */
function billing_isStandardLabel(label) {
    return STANDARD.test(label);
}
// Larger runners are named by their admins; the usual names carry the size: `ubuntu-latest-8-cores`, `linux-16core`.
const CORES_IN_LABEL = /(?:^|[-_])(\d+)[-_]?cores?(?:$|[-_])/;
const standardCores = (os, arch) => (os === 'macos' ? (arch === 'x64' ? 4 : 3) : 2);
function coresFromLabels(labels) {
    for (const l of labels) {
        const m = CORES_IN_LABEL.exec(l);
        if (m?.[1] !== undefined)
            return positiveInt(Number(m[1]));
    }
    return undefined;
}
/** The table row for a GitHub-hosted runner, or undefined when none fits. */
function rowFor(runner) {
    const labels = runner.labels.map((l) => l.toLowerCase());
    const bySku = (sku) => ROWS.find((r) => r.sku === sku);
    if (runner.os === 'macos' && labels.some((l) => l.endsWith('-xlarge')))
        return bySku('macos_xl');
    if (runner.os === 'macos' && labels.some((l) => l.endsWith('-large')))
        return bySku('macos_l');
    if (labels.includes('ubuntu-slim'))
        return bySku('linux_slim');
    // RUNNER_ARCH is the truth; a label like `ubuntu-24.04-arm` only fills in when it is missing.
    const arch = runner.arch !== '' ? runner.arch : labels.some((l) => l.endsWith('-arm') || l.includes('arm64')) ? 'arm64' : 'x64';
    const fromLabel = coresFromLabels(labels);
    const cores = fromLabel ?? (labels.some(billing_isStandardLabel) ? standardCores(runner.os, arch) : (runner.cores ?? standardCores(runner.os, arch)));
    return ROWS.find((r) => r.os === runner.os && r.arch === arch && r.cores === cores);
}
/** The `minute-price` input wins; self-hosted is $0; else the table by os/arch/cores (labels such as `ubuntu-latest-8-cores`, `macos-latest-xlarge`, `*-arm` tell larger/arm runners). */
function billing_minutePrice(runner, override) {
    // The input is the user's own figure: it has no date of ours.
    if (override !== undefined && Number.isFinite(override) && override >= 0)
        return { usdPerMinute: override, sku: 'minute-price', source: 'input', asOf: '' };
    if (runner.environment === 'self-hosted')
        return { usdPerMinute: 0, sku: 'self-hosted', source: 'self-hosted', asOf: PRICES_AS_OF };
    const row = rowFor(runner);
    if (row === undefined)
        return { usdPerMinute: 0, sku: 'unknown', source: 'unknown', asOf: PRICES_AS_OF };
    return { usdPerMinute: row.usdPerMinute, sku: row.sku, source: 'table', asOf: PRICES_AS_OF };
}
/** GitHub rounds each job's time UP to the whole minute: 0:59 → 1, 1:00 → 1, 1:01 → 2; 0 → 0. */
function billableMinutes(elapsedMs) {
    return Number.isFinite(elapsedMs) && elapsedMs > 0 ? Math.ceil(elapsedMs / 60_000) : 0;
}
// -0 (a saving on a $0 runner) reads as "-$0.00"; it is no saving.
const billing_plain = (n) => (n === 0 ? 0 : n);
/** Runner minutes a build adds (+) or saves (−) per run against the baseline, in money, and per month. */
function costDeltas(durationDeltaSeconds, price, runsPerMonth) {
    // Unrounded: whether a run crosses a whole-minute boundary depends on the rest of the job, so the
    // expected saving of many runs is the exact fraction.
    const minutesDelta = billing_plain(Number.isFinite(durationDeltaSeconds) ? durationDeltaSeconds / 60 : 0);
    const costDelta = billing_plain(minutesDelta * price.usdPerMinute);
    if (runsPerMonth === undefined || !Number.isFinite(runsPerMonth) || runsPerMonth < 0)
        return { minutesDelta, costDelta };
    return { minutesDelta, costDelta, runsPerMonth, monthlyMinutesDelta: billing_plain(minutesDelta * runsPerMonth), monthlyCostDelta: billing_plain(costDelta * runsPerMonth) };
}

;// CONCATENATED MODULE: ./lib/billing/job-billing.js


async function gatherBilling(o) {
    const problems = [];
    const env = o.env;
    let labels = [];
    const inputs = {};
    if (o.request && o.repo && env.GITHUB_RUN_ID) {
        const job = await currentJob(o.request, o.repo.owner, o.repo.repo, env.GITHUB_RUN_ID, env.GITHUB_RUN_ATTEMPT ?? '1', env.RUNNER_NAME, env.GITHUB_JOB);
        if (job.problem !== undefined)
            problems.push(job.problem);
        if (job.labels)
            labels = job.labels;
        if (job.startedAt !== undefined) {
            inputs.jobStartedAt = job.startedAt;
            inputs.jobStartFrom = 'api';
        }
    }
    const pre = Date.parse(o.preJobStart);
    if (inputs.jobStartedAt === undefined && !Number.isNaN(pre)) {
        inputs.jobStartedAt = pre;
        inputs.jobStartFrom = 'pre step';
    }
    const runner = runnerFromEnv(env, labels, o.cores);
    let price = minutePrice(runner, o.minutePrice);
    if (price.source === 'table' && o.publicRepository && (labels.length === 0 || labels.some(isStandardLabel))) {
        price = { ...price, usdPerMinute: 0, sku: `${price.sku} (public repository: standard runners are free)` };
    }
    if (o.runsPerMonth !== undefined) {
        inputs.runsPerMonth = o.runsPerMonth;
        inputs.runsPerMonthFrom = 'input';
    }
    else if (o.request && o.repo && env.GITHUB_WORKFLOW_REF) {
        const runs = await runsPerMonth(o.request, o.repo.owner, o.repo.repo, env.GITHUB_WORKFLOW_REF, o.now);
        if (runs.problem !== undefined)
            problems.push(runs.problem);
        if (runs.runs !== undefined) {
            inputs.runsPerMonth = runs.runs;
            inputs.runsPerMonthFrom = 'api';
        }
    }
    return { inputs: { ...inputs, runner, price }, problems };
}
/** Prices the job and this build's change against the baseline (seconds, when comparable). */
function priceBuild(b, now, durationDelta) {
    const billing = { runner: b.runner, price: b.price };
    if (b.jobStartedAt !== undefined) {
        billing.jobStartedAt = new Date(b.jobStartedAt).toISOString();
        if (b.jobStartFrom !== undefined)
            billing.jobStartFrom = b.jobStartFrom;
        billing.billableMinutes = billableMinutes(now.getTime() - b.jobStartedAt);
    }
    if (b.runsPerMonthFrom !== undefined)
        billing.runsPerMonthFrom = b.runsPerMonthFrom;
    if (durationDelta !== undefined)
        billing.deltas = costDeltas(durationDelta, b.price, b.runsPerMonth);
    return billing;
}

;// CONCATENATED MODULE: ./lib/report/report.js


function buildReport(p) {
    const a = p.analysis;
    return {
        schemaVersion: schema_SCHEMA_VERSION,
        generatedAt: p.generatedAt.toISOString(),
        files: p.files,
        totals: a.totals,
        stages: a.stages,
        platforms: a.platforms,
        slowest: a.slowest,
        breaks: a.breaks,
        builds: a.builds,
        gate: p.gate,
        problems: p.problems,
        ...(p.cache ? { cache: p.cache } : {}),
        ...(p.actionsCache ? { actionsCache: p.actionsCache } : {}),
        ...(p.deltas ? { deltas: p.deltas } : {}),
        ...(p.billing ? { billing: p.billing } : {})
    };
}

;// CONCATENATED MODULE: ./lib/redact.js
// BuildKit prints a step with its build args substituted, so `RUN curl -H "Authorization: Bearer
// $TOKEN"` carries the token in the vertex name, and from there into the job summary, the JSON
// report, the outputs and the saved baseline. Everything read from a build goes through here
// before it is modelled. Pure: no `core.setSecret` here; the caller registers what is found.
const MASK = '***';
/** Exact values shorter than this are not hidden: `1` or `yes` would mask half the report. */
const MIN_SECRET_LENGTH = 4;
// a plain word after `Bearer` (`Bearer authentication`) is prose, not a token
const WORD = /^[A-Z]?[a-z]+$/;
// `Basic` is followed by base64("user:password"): it decodes to printable text with a colon
function isBasicCredential(b64) {
    const decoded = Buffer.from(b64, 'base64').toString('latin1');
    return decoded.includes(':') && /^[\x20-\x7e]+$/.test(decoded);
}
// Order matters: the specific shapes run first, so `Bearer ghp_…` is hidden as a GitHub token
// and the Bearer rule then sees `***`, which it never matches.
/** A text that none of these matches cannot hold any of the shapes below. */
const ANCHORS = /gh[pousr]_|github_pat_|eyJ|AKIA|ASIA|aws_secret_access_key|:\/\/|bearer|basic|--password|=/i;
const SHAPES = [
    // GitHub: classic tokens (ghp_ personal, gho_ OAuth, ghu_ user-to-server, ghs_ server, ghr_ refresh), fine-grained PATs
    { pattern: /\b(?<secret>gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/dg },
    // JWT: base64url header and payload, both JSON objects (`{"` → `eyJ`), and a signature (empty when unsigned)
    { pattern: /\b(?<secret>eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*)/dg },
    // AWS access key ids (long-term AKIA, temporary ASIA) and the secret key after its usual name
    { pattern: /\b(?<secret>(?:AKIA|ASIA)[A-Z0-9]{16})\b/dg },
    { pattern: /\baws_secret_access_key["']?[ \t]*[=:][ \t]*["']?(?<secret>[A-Za-z0-9/+=]{16,})/dgi },
    // scheme://user:password@host: the user stays, so the report still says which account
    { pattern: /\b[A-Za-z][A-Za-z0-9+.-]{0,31}:\/\/[^\s:@/]*:(?<secret>[^\s@/]+)@/dg },
    { pattern: /\b(?:Bearer|bearer|BEARER)[ \t]+(?<secret>[A-Za-z0-9\-._~+/]+=*)/dg, accept: (s) => s.length >= 8 && !WORD.test(s) },
    { pattern: /\b(?:Basic|basic|BASIC)[ \t]+(?<secret>[A-Za-z0-9+/]{4,}={0,2})(?![A-Za-z0-9+/=])/dg, accept: isBasicCredential },
    // `--password x` / `--password=x` (not `--password-stdin`); `-p` is left alone: `mkdir -p`, `docker run -p 80:80`
    { pattern: /(?<![\w-])--password(?:=|[ \t]+)["']?(?<secret>[^\s"'`]+)/dg, accept: (s) => !s.startsWith('-') },
    // NAME=value where the name says it is secret (`NPM_TOKEN=…`, `.npmrc`'s `_authToken=…`); short values are left
    {
        pattern: /\b(?<name>[A-Za-z_][A-Za-z0-9_]*)=["']?(?<secret>[^\s"'`;&|]+)/dg,
        accept: (s, groups) => s.length >= 8 && isSecretName(groups.name ?? '')
    }
];
/**
 * Build-arg names that hold secrets: TOKEN, SECRET, PASSWORD, PASSWD, CREDENTIAL anywhere, and
 * KEY where a word ends (API_KEY, APIKEY, apiKey, SSH_KEYS, KEY_ID) but not inside one (KEYBOARD_LAYOUT,
 * keyboard). Case-insensitive in effect. Known false positives, accepted because hiding a harmless
 * value costs less than printing a secret: MONKEY, TURKEY, KEY_VERSION, GPG_KEY (a fingerprint).
 * Not matched: AUTH (AUTHOR, OAUTH_CLIENT_ID) and PAT (PATH): their values, `ghp_…` and the like,
 * are caught by shape instead.
 */
function isSecretName(name) {
    return /TOKEN|SECRET|PASSW(?:OR)?D|CREDENTIAL/i.test(name) || /KEYS?(?![A-Z])|[Kk]eys?(?![a-z])/.test(name);
}
/** The values of the secret-named build args, as `redact` wants them. */
function secretValues(args) {
    return args.filter((a) => isSecretName(a.name) && a.value.length >= MIN_SECRET_LENGTH).map((a) => a.value);
}
/** Hides secrets in many strings with one sorted list, and remembers what it hid. */
class Redactor {
    secrets;
    seen = new Set();
    constructor(secrets) {
        // longest first, so a secret that contains a shorter one is hidden whole
        this.secrets = [...new Set(secrets)].filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
    }
    get found() {
        return [...this.seen];
    }
    text(text) {
        let out = text;
        for (const s of this.secrets) {
            if (!out.includes(s))
                continue;
            this.seen.add(s);
            out = out.split(s).join(MASK);
        }
        // most step names hold none of the shapes' anchors: one cheap test spares eight scans
        if (ANCHORS.test(out))
            for (const shape of SHAPES)
                out = this.shape(out, shape);
        return out;
    }
    shape(text, { pattern, accept }) {
        let out = '';
        let last = 0;
        for (const m of text.matchAll(pattern)) {
            const secret = m.groups?.secret;
            const at = m.indices?.groups?.secret;
            if (secret === undefined || at === undefined)
                continue;
            // already hidden, or a shell variable the step reads at run time, not a value
            if (/^\**$/.test(secret) || secret.startsWith('$'))
                continue;
            if (accept !== undefined && !accept(secret, m.groups ?? {}))
                continue;
            this.seen.add(secret);
            out += text.slice(last, at[0]) + MASK;
            last = at[1];
        }
        return last === 0 ? text : out + text.slice(last);
    }
}
/** `text` with every exact secret (longest first) and every known credential shape replaced by `***`. */
function redact(text, secrets = []) {
    const r = new Redactor(secrets);
    return { text: r.text(text), found: r.found };
}
/** A copy of the build with every string it carries redacted: names, errors, warnings, its name, ref and file. */
function redactBuild(build, redactor) {
    const t = (s) => redactor.text(s);
    const copy = {
        file: t(build.file),
        format: build.format,
        vertexes: build.vertexes.map((v) => ({
            ...v,
            name: t(v.name),
            error: v.error === undefined ? undefined : t(v.error),
            intervals: v.intervals.map(([a, b]) => [a, b])
        })),
        errors: build.errors.map(t),
        warnings: build.warnings.map(t)
    };
    if (build.name !== undefined)
        copy.name = t(build.name);
    if (build.ref !== undefined)
        copy.ref = t(build.ref);
    return copy;
}
/** Every build redacted (copies), and the distinct credentials hidden across them all. */
function redactBuilds(builds, secrets = []) {
    const r = new Redactor(secrets);
    const out = builds.map((b) => redactBuild(b, r));
    return { builds: out, found: r.found };
}

;// CONCATENATED MODULE: ./lib/pipeline.js








/** Log files in, report out (the CLI). */
async function reportFromLogs(patterns, options, extras = {}) {
    const read = await readLogFiles(patterns, options.cwd);
    return reportFromBuilds(read.builds, read.files, read.problems, options, extras);
}
/** Builds from any source in, report out: analysis, then deltas, cost and gates from it, then the report once. */
function reportFromBuilds(raw, sources, problems, options, extras = {}) {
    // Before anything is derived from them: BuildKit prints build-arg values in step names.
    const redactor = new Redactor(options.secrets ?? []);
    const builds = raw.map((b) => redactBuild(b, redactor));
    const told = problems.map((p) => ({ ...p, message: redactor.text(p.message) }));
    const files = sources.map((s) => redactor.text(s));
    for (const s of redactor.found)
        options.onSecret?.(s);
    const analysis = analyse(pipeline_modelBuilds(builds));
    const generatedAt = options.now.toISOString();
    const deltas = extras.baseline === undefined ? undefined : computeDeltas({ ...analysis, generatedAt }, extras.baseline);
    return buildReport({
        analysis,
        files,
        problems: told,
        generatedAt: options.now,
        gate: evaluateGates(options.thresholds, analysis.totals, deltas),
        cache: extras.cache,
        actionsCache: extras.actionsCache,
        deltas,
        billing: extras.billing ? priceBuild(extras.billing, options.now, deltas?.durationDelta) : undefined
    });
}
/** Numbers each build within its file, in the order read; a bake's targets are builds of their own. */
function pipeline_modelBuilds(raw) {
    const perFile = new Map();
    return raw.flatMap((b) => {
        const builds = modelBuilds(b, (perFile.get(b.file) ?? 0) + 1);
        perFile.set(b.file, (perFile.get(b.file) ?? 0) + builds.length);
        return builds;
    });
}

;// CONCATENATED MODULE: ./lib/summary/escape.js
// Everything that comes from a log passes through here before it reaches the job summary:
// step names and output are whatever the user's Dockerfile prints.
// eslint-disable-next-line no-control-regex
const CONTROL = /\x1b\[[0-9;?]*[ -/]*[@-~]|[\x00-\x08\x0b-\x1f\x7f]/g;
// Characters that are markup inside a line (HTML, table cells, emphasis, links, code, math,
// mentions, issue and emoji references, autolinks) become numeric references, which GitHub
// renders as the character and never as syntax, inside <code> as well.
const ACTIVE = /[&<>`*_[\]|\\~@#$!]|:(?=\/\/)|\.(?<=www\.)/gi;
/** Escapes text for a markdown table cell or HTML: one line, no markup, no mentions, no links. */
function escapeText(text, max = 300) {
    let s = text.replace(CONTROL, '').replace(/[\r\n\t]+/g, ' ');
    if (s.length > max)
        s = `${s.slice(0, max - 1)}…`;
    return s.replace(ACTIVE, (c) => `&#${c.charCodeAt(0)};`);
}
/** Log text in an HTML code element. */
function code(text, max = 300) {
    return `<code>${escapeText(text, max)}</code>`;
}

;// CONCATENATED MODULE: ./lib/summary/table.js
/** One markdown table row; cells are escaped by the caller. */
function row(cells) {
    return `| ${cells.join(' | ')} |`;
}

;// CONCATENATED MODULE: ./lib/summary/build-cache.js




// The job summary's section on Docker's build cache (`docker buildx du`): not GitHub's Actions
// cache, which has its own section.
function buildCacheSection(r) {
    const c = r.cache;
    if (!c)
        return '';
    const t = c.totals;
    const growth = c.growth === undefined
        ? 'growth unknown (no measurement of this builder before the builds)'
        : `this job: **${formatBytesDelta(c.growth)}**${c.cacheMountGrowth !== undefined && c.cacheMountGrowth !== 0 ? ` (cache mounts ${formatBytesDelta(c.cacheMountGrowth)})` : ''}`;
    const max = maxOf(c.byType.map((b) => b.size), 0);
    const lines = [
        '### Build cache',
        '',
        `**${formatBytes(t.total)}** in ${c.records} records on builder ${code(c.builder)} · reclaimable ${formatBytes(t.reclaimable)} · shared ${formatBytes(t.shared)} · cache mounts ${formatBytes(c.cacheMounts)} · ${growth}`,
        ''
    ];
    if (c.byType.length > 0) {
        lines.push(row(['Record type', 'Records', 'Size', '']), row(['---', '--:', '--:', '---']));
        for (const b of c.byType)
            lines.push(row([code(b.type), String(b.count), formatBytes(b.size), bar(b.size, max)]));
        lines.push('');
    }
    if (c.largest.length > 0) {
        lines.push('<details><summary>Largest cache records</summary>', '', row(['Type', 'Size', 'Description']), row(['---', '--:', '---']));
        for (const l of c.largest)
            lines.push(row([code(l.type), formatBytes(l.size), code(l.description, 160)]));
        lines.push('', '</details>', '');
    }
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./lib/summary/actions-cache.js


// The job summary's section on the repository's GitHub Actions cache (REST API): not Docker's
// build cache, which has its own section.
function actionsCacheSection(r) {
    const a = r.actionsCache;
    if (!a)
        return '';
    const b = a.buildkit;
    const lines = [
        '### GitHub Actions cache',
        '',
        `${escapeText(a.repository)}: **${gib(a.usageBytes)}** of ${gib(a.limitBytes)} (${a.percentOfLimit.toFixed(1)}%, ${a.limitFromApi ? 'the configured limit' : 'the default limit'}) in ${a.activeCount} entries${a.percentOfLimit > 80 ? ' ⚠️ near the limit: GitHub evicts the least recently used entries beyond it' : ''}`,
        '',
        `BuildKit \`type=gha\` entries: ${b.count}, ${gib(b.bytes)}${b.oldestLastAccessedAt === undefined ? '' : ` · oldest last access ${escapeText(b.oldestLastAccessedAt)}`} · entries unused for 7 days are dropped`,
        ''
    ];
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./lib/summary/builds.js





const SHOWN = 50;
/** One row per build, named by what it built, before the stages: only when the log holds more than one. */
function buildsSection(r) {
    if (r.builds.length < 2)
        return '';
    const result = { success: '✅ success', failed: '❌ failed', canceled: 'canceled' };
    const rows = r.builds.slice(0, SHOWN).map((b) => {
        const cached = b.steps.filter((s) => s.cached).length;
        return row([
            escapeText(buildName(b), 200),
            String(b.steps.length),
            String(cached),
            `${formatPercent(hitRate(cached, b.steps.length))}%`,
            `${formatDuration(b.duration)}${b.durationKind === 'wall' ? '' : ' (sum)'}`,
            result[b.status]
        ]);
    });
    return [
        '### Builds',
        '',
        row(['Build', 'Steps', 'Cached', 'Hit rate', 'Time', 'Result']),
        row(['---', '--:', '--:', '--:', '--:', '---']),
        ...rows,
        ...(r.builds.length > SHOWN ? ['', `… and ${r.builds.length - SHOWN} more builds in the JSON report.`] : []),
        ''
    ].join('\n');
}

;// CONCATENATED MODULE: ./lib/summary/markdown.js










/** GitHub rejects a step's job summary over 1 MiB; stay under it with room for other steps' text. */
const SUMMARY_LIMIT = 1000 * 1024;
const STATUS = {
    cached: 'cached',
    done: 'ran',
    error: '❌ failed',
    canceled: 'canceled',
    running: 'unfinished'
};
/** The job summary as one markdown string, within `limit` bytes: detail is dropped first, then the text is cut with a notice. */
function renderSummary(report, limit = SUMMARY_LIMIT) {
    const head = [
        headline(report),
        problems(report),
        buildsSection(report),
        stages(report),
        newMisses(report),
        breaks(report),
        slowest(report),
        baseImages(report),
        buildCacheSection(report),
        actionsCacheSection(report)
    ]
        .filter((s) => s !== '')
        .join('\n');
    const full = `${head}\n${allSteps(report)}`;
    if (bytes(full) <= limit)
        return full;
    const notice = '\n> [!NOTE]\n> The list of every step was left out: the job summary is limited to 1 MiB. The JSON report (`report` output) has it.\n';
    if (bytes(head) + bytes(notice) <= limit)
        return head + notice;
    const cut = "\n\n> [!WARNING]\n> This summary was cut at GitHub's 1 MiB limit. The JSON report (`report` output) has everything.\n";
    return truncateBytes(head, limit - bytes(cut)) + cut;
}
function headline(r) {
    const t = r.totals;
    const lines = ['## Docker build insights', ''];
    if (t.steps === 0) {
        lines.push(`**No Dockerfile step found** in ${r.files.length} log file${r.files.length === 1 ? '' : 's'}.`);
    }
    else {
        const kind = t.durationKind === 'wall'
            ? 'wall clock'
            : t.durationKind === 'sum'
                ? 'sum of vertex times (plain logs have no timestamps)'
                : 'wall clock where known, else sum of vertex times';
        const d = r.deltas;
        const rateDelta = d?.hitRateDelta === null || d?.hitRateDelta === undefined ? '' : ` (${formatPointsDelta(d.hitRateDelta)})`;
        const timeDelta = d?.durationDelta === undefined
            ? ''
            : ` (${formatDurationDelta(d.durationDelta)}${d.durationDeltaPercent === undefined ? '' : `, ${d.durationDeltaPercent >= 0 ? '+' : '−'}${Math.abs(d.durationDeltaPercent).toFixed(1)}%`})`;
        const parts = [
            `**Cache hit rate ${formatPercent(t.hitRate)}%**${rateDelta}`,
            `${t.cached} of ${t.steps} steps cached`,
            `${t.builds} build${t.builds === 1 ? '' : 's'}${t.failed > 0 ? ` (${t.failed} failed)` : ''}`,
            `**${formatDuration(t.duration)}**${timeDelta} ${kind}`
        ];
        lines.push(parts.join(' · '));
        if (d) {
            const base = `baseline: the median of ${d.runs} run${d.runs === 1 ? '' : 's'} (${formatPercent(d.baselineHitRate)}%, ${formatDuration(d.baselineDuration)})`;
            lines.push('', `${base} · duration ${sparkline(d.history.map((h) => h.duration))} · hit rate ${sparkline(d.history.map((h) => h.hitRate ?? 0))} (oldest → this run)`);
        }
    }
    const billing = billingLine(r);
    if (billing !== '')
        lines.push('', billing);
    for (const c of r.gate.checks) {
        const icon = c.verdict === 'pass' ? '✅' : c.verdict === 'fail' ? '❌' : 'ℹ️';
        lines.push('', `${icon} Gate: ${escapeText(c.message, 500)}`);
    }
    return `${lines.join('\n')}\n`;
}
function billingLine(r) {
    const b = r.billing;
    if (!b)
        return '';
    const p = b.price;
    const priced = p.source === 'unknown'
        ? 'price unknown (set minute-price)'
        : `${escapeText(p.sku)} at $${p.usdPerMinute.toFixed(3)}/min${p.source === 'input' ? ' (minute-price)' : p.asOf === '' ? '' : ` (prices of ${escapeText(p.asOf)})`}`;
    const parts = [`Runner minutes: ${priced}`];
    if (b.billableMinutes !== undefined)
        parts.push(`this job so far **${b.billableMinutes} billable min**`);
    const d = b.deltas;
    if (d) {
        const sign = (n, digits) => `${n > 0 ? '+' : n < 0 ? '−' : '±'}${Math.abs(n).toFixed(digits)}`;
        parts.push(`this build vs baseline **${sign(d.minutesDelta, 2)} min/run** (${sign(d.costDelta, 4)} USD)`);
        if (d.monthlyMinutesDelta !== undefined && d.monthlyCostDelta !== undefined && d.runsPerMonth !== undefined) {
            parts.push(`**${sign(d.monthlyMinutesDelta, 0)} min/month** (${sign(d.monthlyCostDelta, 2)} USD at ${d.runsPerMonth} runs/month)`);
        }
    }
    return parts.join(' · ');
}
function problems(r) {
    if (r.problems.length === 0)
        return '';
    const shown = r.problems.slice(0, 20).map((p) => `> - ${escapeText(describeProblem(p), 400)}`);
    if (r.problems.length > 20)
        shown.push(`> - … and ${r.problems.length - 20} more in the JSON report`);
    return ['> [!WARNING]', '> Some input could not be read:', ...shown, ''].join('\n');
}
// asked once per build section: remembered per report, or it is quadratic in builds × stages
const platformsOf = new WeakMap();
function hasPlatforms(r) {
    let has = platformsOf.get(r);
    if (has === undefined) {
        has = r.stages.some((s) => s.platform !== '');
        platformsOf.set(r, has);
    }
    return has;
}
function stages(r) {
    if (r.stages.length === 0)
        return '';
    const plat = hasPlatforms(r);
    const several = r.builds.length > 1;
    // per build, in the Dockerfile's order (model/build.ts), never merged across builds
    const list = r.builds.flatMap((b, i) => b.stages.map((st) => ({
        build: i + 1,
        platform: st.platform,
        name: st.name,
        steps: st.steps.length,
        cached: st.cached,
        seconds: st.seconds,
        wall: st.wall
    })));
    const max = maxOf(list.map((s) => s.seconds), 0);
    const wall = list.some((s) => s.wall !== undefined);
    const deltas = r.deltas?.stages;
    // by key, not by search: a report can hold 200,000 stages
    const byStage = new Map(deltas?.map((x) => [`${x.platform}\u0000${x.name}`, x]));
    const deltaOf = (s) => {
        const d = byStage.get(`${s.platform}\u0000${s.name}`);
        return d?.secondsDelta === undefined ? 'new' : formatDurationDelta(d.secondsDelta);
    };
    const names = several ? r.builds.map((b) => escapeText(buildName(b), 120)) : [];
    const rows = list.map((s) => row([
        ...(several ? [names[s.build - 1] ?? ''] : []),
        escapeText(s.name),
        ...(plat ? [escapeText(s.platform || '–')] : []),
        String(s.steps),
        String(s.cached),
        `${formatPercent(hitRate(s.cached, s.steps))}%`,
        formatDuration(s.seconds),
        ...(wall ? [s.wall === undefined ? '' : formatDuration(s.wall)] : []),
        ...(deltas ? [deltaOf(s)] : []),
        bar(s.seconds, max)
    ]));
    return [
        '### Stages',
        '',
        ...(several ? ["Per build, each in its Dockerfile's order.", ''] : []),
        row([
            ...(several ? ['Build'] : []),
            'Stage',
            ...(plat ? ['Platform'] : []),
            'Steps',
            'Cached',
            'Hit rate',
            'Step time',
            ...(wall ? ['Wall span'] : []),
            ...(deltas ? ['vs baseline'] : []),
            ''
        ]),
        row([
            ...(several ? ['---'] : []),
            '---',
            ...(plat ? ['---'] : []),
            '--:',
            '--:',
            '--:',
            '--:',
            ...(wall ? ['--:'] : []),
            ...(deltas ? ['--:'] : []),
            '---'
        ]),
        ...rows,
        ...(plat && r.stages.some((s) => s.platform === '')
            ? ['', "–: BuildKit prints no platform for a step whose name is the same on every platform; each platform's run is still its own step."]
            : []),
        ...(wall && list.some((s) => s.wall === undefined && s.steps > 0 && s.cached === s.steps)
            ? ['', 'A stage whose every step was cached did not run: it has no wall span.']
            : []),
        ...(plat
            ? ['', `By platform: ${r.platforms.map((p) => `${escapeText(p.platform || '–')} ${formatPercent(p.hitRate)}% (${p.cached}/${p.steps})`).join(' · ')}`]
            : []),
        ''
    ].join('\n');
}
/** `acme/api:ci · stage <code>build</code>, step 7/12`: never `build 7`, which reads like "Build 2". */
function stepLabel(s, r) {
    const b = r.builds[s.build - 1];
    const build = r.builds.length > 1 && b ? `${escapeText(buildName(b), 120)} · ` : '';
    return `${build}${stageStep(s.platform, s.stage, s.index, s.count, hasPlatforms(r))}`;
}
function stageStep(platform, stage, index, count, plat) {
    const where = plat && platform !== '' ? ` (${escapeText(platform)})` : '';
    return `stage ${code(stage, 100)}${where}, step ${index}${count === undefined ? '' : `/${count}`}`;
}
function newMisses(r) {
    const misses = r.deltas?.newMisses ?? [];
    if (misses.length === 0)
        return '';
    return [
        '### New cache misses',
        '',
        'Steps cached in most baseline runs and not in this one.',
        '',
        row(['Stage', 'Step', 'Time']),
        row(['---', '---', '--:']),
        ...misses
            .slice(0, 20)
            .map((m) => row([stageStep(m.platform, m.stage, m.index, undefined, m.platform !== ''), code(m.text, 200), formatDuration(m.seconds)])),
        ''
    ].join('\n');
}
function breaks(r) {
    if (r.breaks.length === 0)
        return '';
    return [
        '### Cache breaks',
        '',
        'The first step in each stage that ran after cached steps, and the time spent in it and every later step of its stage.',
        '',
        row(['Stage', 'Step', 'Cached before', 'Ran from here', 'Time from here']),
        row(['---', '---', '--:', '--:', '--:']),
        ...r.breaks
            .slice(0, 20)
            .map((b) => row([stepLabel(b.step, r), code(b.step.text, 200), String(b.cachedBefore), String(b.stepsAfter), formatDuration(b.seconds)])),
        ''
    ].join('\n');
}
function slowest(r) {
    if (r.slowest.length === 0)
        return '';
    return [
        '### Slowest steps',
        '',
        row(['Stage', 'Step', 'Status', 'Time']),
        row(['---', '---', '---', '--:']),
        ...r.slowest.map((s) => row([stepLabel(s, r), code(s.text, 200), STATUS[s.status], formatDuration(s.seconds)])),
        ''
    ].join('\n');
}
function baseImages(r) {
    // each image once, with every build (and stage) using it
    const several = r.builds.length > 1;
    const byImage = new Map();
    for (const b of r.builds) {
        const name = buildName(b);
        for (const i of b.baseImages) {
            const key = `${i.platform}\u0000${i.image}`;
            const seen = byImage.get(key) ?? { platform: i.platform, image: i.image, users: new Set(), pulled: false, seconds: 0 };
            const user = several ? `${name} (${i.stage})` : i.stage;
            seen.users.add(user);
            seen.pulled ||= i.pulled;
            seen.seconds += i.seconds;
            byImage.set(key, seen);
        }
    }
    if (byImage.size === 0)
        return '';
    const plat = hasPlatforms(r);
    return [
        '### Base images',
        '',
        'FROM is never reported as cached by BuildKit, so it is left out of the hit rate.',
        '',
        row(['Image', ...(plat ? ['Platform'] : []), several ? 'Used by (stage)' : 'Stage', 'Source', 'Time']),
        row(['---', ...(plat ? ['---'] : []), '---', '---', '--:']),
        ...[...byImage.values()]
            .slice(0, 30)
            .map((i) => row([
            code(i.image, 200),
            ...(plat ? [escapeText(i.platform || '–')] : []),
            escapeText([...i.users].slice(0, 10).join(', ') + (i.users.size > 10 ? ` +${i.users.size - 10}` : ''), 600),
            i.pulled ? 'pulled' : 'present',
            formatDuration(i.seconds)
        ])),
        ''
    ].join('\n');
}
function allSteps(r) {
    const total = r.builds.reduce((n, b) => n + b.steps.length, 0);
    if (total === 0 && r.builds.every((b) => b.error === undefined))
        return '';
    const sections = r.builds.map((b, i) => buildSection(b, i + 1, r));
    return ['<details><summary>Every step (' + String(total) + ')</summary>', '', ...sections, '</details>', ''].join('\n');
}
function buildSection(b, n, r) {
    const plat = hasPlatforms(r);
    const status = b.status === 'success' ? '' : ` · **${b.status}**`;
    const lines = [
        `#### Build ${n}: ${escapeText(buildName(b), 200)}`,
        '',
        `${escapeText(b.file)}${r.totals.builds > 1 ? ` (#${b.index} in file)` : ''}${b.dockerfile === undefined ? '' : ` · ${code(b.dockerfile, 200)}`}`,
        '',
        `${b.steps.filter((s) => s.cached).length} of ${b.steps.length} steps cached · ${formatDuration(b.duration)} ${b.durationKind === 'wall' ? 'wall clock' : 'sum of vertex times'}${status}`,
        ''
    ];
    if (b.error !== undefined)
        lines.push(`Error: ${code(b.error, 500)}`, '');
    lines.push(row(['Stage', ...(plat ? ['Platform'] : []), '#', 'Step', 'Status', 'Time']), row(['---', ...(plat ? ['---'] : []), '--:', '---', '---', '--:']));
    for (const st of b.stages) {
        for (const s of st.steps) {
            lines.push(row([
                escapeText(s.stage),
                ...(plat ? [escapeText(s.platform || '–')] : []),
                `${s.index}/${s.count}`,
                code(s.text, 160),
                s.pullSeconds === undefined ? STATUS[s.status] : `cached (layers pulled in ${formatDuration(s.pullSeconds)})`,
                s.pullSeconds === undefined ? formatDuration(s.seconds) : ''
            ]));
        }
    }
    return `${lines.join('\n')}\n`;
}
function bytes(s) {
    return Buffer.byteLength(s, 'utf8');
}
/** Cuts at a line boundary within max bytes, never inside a UTF-8 sequence. */
function truncateBytes(s, max) {
    const buf = Buffer.from(s, 'utf8').subarray(0, Math.max(0, max));
    const text = buf.toString('utf8').replace(/\uFFFD$/, '');
    const nl = text.lastIndexOf('\n');
    return nl > 0 ? text.slice(0, nl) : text;
}

;// CONCATENATED MODULE: ./lib/constants.js
/** Every input and output name, as action.yml declares them; the gates' inputs are in gates/. */
const Input = {
    LogFiles: 'log-files',
    BuildRefs: 'build-refs',
    Builder: 'builder',
    Run: 'run',
    Gate: 'gate',
    Summary: 'summary',
    ReportFile: 'report-file',
    Du: 'du',
    ActionsCacheUsage: 'actions-cache-usage',
    GitHubToken: 'github-token',
    BaselineFile: 'baseline-file',
    SaveBaseline: 'save-baseline',
    BaselineName: 'baseline-name',
    RunsPerMonth: 'runs-per-month',
    MinutePrice: 'minute-price',
    Timeout: 'timeout'
};
const Output = {
    CacheHitRate: 'cache-hit-rate',
    CachedSteps: 'cached-steps',
    TotalSteps: 'total-steps',
    Builds: 'builds',
    Duration: 'duration',
    Stages: 'stages',
    Gate: 'gate',
    Report: 'report',
    CacheSize: 'cache-size',
    CacheReclaimable: 'cache-reclaimable',
    CacheGrowth: 'cache-growth',
    ActionsCacheUsage: 'actions-cache-usage',
    Baseline: 'baseline',
    DurationDelta: 'duration-delta',
    CacheHitRateDelta: 'cache-hit-rate-delta',
    BillableMinutes: 'billable-minutes',
    BillableMinutesDelta: 'billable-minutes-delta',
    CostDelta: 'cost-delta',
    MonthlyMinutesDelta: 'monthly-minutes-delta',
    MonthlyCostDelta: 'monthly-cost-delta'
};
const REPORT_FILE_NAME = 'build-insights-report.json';
/** GITHUB_STATE names shared by the pre and main entry points. */
const State = {
    JobStartedAt: 'job-started-at',
    CacheBefore: 'cache-before'
};

;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
;// CONCATENATED MODULE: ./lib/deadline.js
// One time budget for everything the action waits on (docker's answers, the Actions cache service,
// the REST API), so that a service that accepts a connection and never answers costs the step at
// most the budget, never the job's 6 hours. Every wait takes its bound from here.
/** The seconds the `timeout` input gives when it is not set. */
const DEFAULT_TIMEOUT_SECONDS = 60;
const realClock = {
    now: () => performance.now(),
    setTimer: (fn, ms) => setTimeout(fn, ms).unref(),
    clearTimer: (handle) => {
        clearTimeout(handle);
    }
};
/** What a bounded wait settles with when the budget runs out first. */
class Timeout {
    message;
    constructor(message) {
        this.message = message;
    }
}
// setTimeout takes at most 2^31-1 ms and fires at once above it
const MAX_TIMER_MS = (/* unused pure expression or super */ null && (2 ** 31 - 1));
class Deadline {
    clock;
    /** Fires when the budget is spent: pass it to fetch (octokit's `request.signal`) and to child processes. */
    signal;
    controller = new AbortController();
    end;
    timer;
    paused = 0;
    pausedAt = 0;
    /** The budget; Infinity: no bound. */
    seconds;
    /** `seconds` from now (NaN or less than 0: none at all). */
    constructor(seconds, clock = realClock) {
        this.clock = clock;
        this.seconds = seconds >= 0 ? seconds : 0;
        this.signal = this.controller.signal;
        this.end = clock.now() + this.seconds * 1000;
        this.arm();
    }
    remainingMs() {
        if (this.signal.aborted)
            return 0;
        return Math.max(0, this.end - (this.paused > 0 ? this.pausedAt : this.clock.now()));
    }
    expired() {
        return this.remainingMs() <= 0;
    }
    /** "<what> did not answer within Ns" */
    message(what) {
        return `${what} did not answer within ${this.seconds}s`;
    }
    /**
     * Settles as `promise` does, or with a Timeout at the deadline, whichever comes first. What the
     * promise does after that is not awaited (the entry points exit once the report is written), and
     * a late rejection is swallowed rather than left unhandled.
     */
    bound(promise, what) {
        promise.catch(() => undefined);
        if (this.signal.aborted)
            return Promise.resolve(new Timeout(this.message(what)));
        return new Promise((resolve, reject) => {
            const onAbort = () => {
                resolve(new Timeout(this.message(what)));
            };
            this.signal.addEventListener('abort', onAbort, { once: true });
            promise.then((value) => {
                this.signal.removeEventListener('abort', onAbort);
                resolve(value);
            }, (e) => {
                this.signal.removeEventListener('abort', onAbort);
                reject(e instanceof Error ? e : new Error(String(e)));
            });
        });
    }
    /**
     * Runs fn with the clock stopped: run mode's build is the user's own and has no limit from us,
     * and the waits after it (du, the REST API) still get the whole budget that is left.
     */
    async outside(fn) {
        if (this.paused++ === 0) {
            this.pausedAt = this.clock.now();
            this.disarm();
        }
        try {
            return await fn();
        }
        finally {
            if (--this.paused === 0) {
                this.end += this.clock.now() - this.pausedAt;
                this.arm();
            }
        }
    }
    /** Stops the timer (the CLI and tests; the action exits instead). */
    dispose() {
        this.disarm();
    }
    arm() {
        if (this.signal.aborted || this.paused > 0 || this.seconds === Infinity)
            return;
        const left = this.end - this.clock.now();
        if (left <= 0) {
            this.controller.abort(new Error(`the time budget of ${this.seconds}s is spent`));
            return;
        }
        this.timer = this.clock.setTimer(() => {
            this.timer = undefined;
            this.arm();
        }, Math.min(left, MAX_TIMER_MS));
    }
    disarm() {
        if (this.timer !== undefined)
            this.clock.clearTimer(this.timer);
        this.timer = undefined;
    }
}

;// CONCATENATED MODULE: ./lib/inputs.js






/** The only place inputs are read: each is checked, none is cast. */
function getInputs(get, env = process.env) {
    const errors = [];
    const logFiles = get(Input.LogFiles)
        .split('\n')
        .map((s) => s.trim())
        .filter((s) => s !== '' && !s.startsWith('#'));
    const buildRefs = get(Input.BuildRefs).trim();
    const builder = get(Input.Builder).trim() || undefined;
    const run = get(Input.Run).trim();
    const thresholds = Object.fromEntries(GATES.map((g) => [g.input, number(get, g.input, { ...g.range, unit: g.unit }, errors)]));
    let gate = 'fail';
    const g = get(Input.Gate).trim().toLowerCase();
    if (g === 'warn')
        gate = 'warn';
    else if (g !== '' && g !== 'fail')
        errors.push(inputProblem(Input.Gate, g, 'one of fail, warn'));
    const summary = inputs_boolean(get, Input.Summary, true, errors);
    const du = inputs_boolean(get, Input.Du, true, errors);
    const actionsCacheUsage = inputs_boolean(get, Input.ActionsCacheUsage, true, errors);
    const runsPerMonth = number(get, Input.RunsPerMonth, { min: 0 }, errors);
    const minutePrice = number(get, Input.MinutePrice, { min: 0 }, errors);
    let saveBaseline = 'auto';
    const sb = get(Input.SaveBaseline).trim().toLowerCase();
    if (sb === 'always' || sb === 'never')
        saveBaseline = sb;
    else if (sb !== '' && sb !== 'auto')
        errors.push(inputProblem(Input.SaveBaseline, sb, 'one of auto, always, never'));
    const reportFile = get(Input.ReportFile).trim() || (0,external_node_path_namespaceObject.join)(env.RUNNER_TEMP ?? (0,external_node_os_namespaceObject.tmpdir)(), REPORT_FILE_NAME);
    return {
        inputs: {
            logFiles,
            buildRefs,
            builder,
            run,
            thresholds,
            gate,
            summary,
            reportFile,
            du,
            actionsCacheUsage,
            githubToken: get(Input.GitHubToken).trim(),
            baselineFile: get(Input.BaselineFile).trim(),
            saveBaseline,
            baselineName: get(Input.BaselineName).trim() || 'default',
            runsPerMonth,
            minutePrice,
            timeout: timeoutSeconds(get, errors)
        },
        errors
    };
}
/** The `timeout` input, seconds (`30s` allowed); the pre step reads it too. At least 1: a budget of 0 would skip every wait. */
function timeoutSeconds(get, errors = []) {
    return number(get, Input.Timeout, { min: 1, unit: 's' }, errors) ?? DEFAULT_TIMEOUT_SECONDS;
}
/** A number input: empty is unset; `80%`, `300s` allowed where that is its unit. */
function number(get, name, range, errors) {
    let v = get(name).trim();
    if (v === '')
        return undefined;
    if (range.unit !== undefined && v.endsWith(range.unit))
        v = v.slice(0, -1).trim();
    const n = Number(v);
    if (v === '' || !Number.isFinite(n) || n < range.min || (range.max !== undefined && n > range.max)) {
        const between = range.max === undefined ? `a number of at least ${range.min}` : `a number between ${range.min} and ${range.max}`;
        errors.push(inputProblem(name, get(name).trim(), between));
        return undefined;
    }
    return n;
}
function inputs_boolean(get, name, fallback, errors) {
    const v = get(name).trim().toLowerCase();
    if (v === 'true')
        return true;
    if (v === 'false')
        return false;
    if (v !== '')
        errors.push(inputProblem(name, v, 'true or false'));
    return fallback;
}

;// CONCATENATED MODULE: ./lib/regular-file.js



const NONBLOCK = external_node_fs_namespaceObject.constants.O_NONBLOCK ?? 0;
const NOT_REGULAR = 'is not a regular file (a FIFO, a device or a directory), so it is not read';
/**
 * A whole file's text, from a regular file only: open() on a FIFO waits for a writer forever, and
 * a device or a directory is no input. stat first (that is where a missing path or a FIFO shows),
 * then open without blocking and check the handle itself, in case the path changed in between.
 */
async function readRegularFile(path) {
    try {
        if (!(await (0,promises_namespaceObject.stat)(path)).isFile())
            return { ok: false, missing: false, message: NOT_REGULAR };
    }
    catch (e) {
        const missing = e.code === 'ENOENT';
        return { ok: false, missing, message: missing ? 'does not exist' : errorText(e) };
    }
    try {
        // O_NONBLOCK: a FIFO swapped in after the stat opens at once instead of waiting (Windows has neither)
        const fh = await (0,promises_namespaceObject.open)(path, external_node_fs_namespaceObject.constants.O_RDONLY | NONBLOCK);
        try {
            if (!(await fh.stat()).isFile())
                return { ok: false, missing: false, message: NOT_REGULAR };
            return { ok: true, text: await fh.readFile('utf8') };
        }
        finally {
            await fh.close();
        }
    }
    catch (e) {
        return { ok: false, missing: e.code === 'ENOENT', message: errorText(e) };
    }
}
/** Writes a whole file, refusing anything there that is not a regular file: open() for writing waits on a FIFO as reading does. */
async function writeRegularFile(path, text) {
    try {
        if (!(await (0,promises_namespaceObject.stat)(path)).isFile())
            return { ok: false, message: NOT_REGULAR };
    }
    catch (e) {
        if (e.code !== 'ENOENT')
            return { ok: false, message: errorText(e) };
    }
    try {
        // a FIFO swapped in meanwhile fails at once (ENXIO) rather than waiting for a reader
        const fh = await (0,promises_namespaceObject.open)(path, external_node_fs_namespaceObject.constants.O_WRONLY | external_node_fs_namespaceObject.constants.O_CREAT | NONBLOCK);
        try {
            if (!(await fh.stat()).isFile())
                return { ok: false, message: NOT_REGULAR };
            await fh.truncate(0);
            await fh.writeFile(text);
            return { ok: true };
        }
        finally {
            await fh.close();
        }
    }
    catch (e) {
        return { ok: false, message: errorText(e) };
    }
}

;// CONCATENATED MODULE: ./lib/baseline/file-store.js





/**
 * A baseline in a file, for self-hosted runners and laptops: a report JSON (the `report`
 * output, `build-insights --json`) or a history this store wrote. A missing file is no baseline.
 */
function fileStore(path, cwd = process.cwd()) {
    const file = (0,external_node_path_namespaceObject.resolve)(cwd, path);
    return {
        async load() {
            // a FIFO would block the step for good: refused before it is opened
            const read = await readRegularFile(file);
            if (!read.ok)
                return read.missing
                    ? { entries: [], problem: notice('baseline-missing', `no baseline yet: ${path} does not exist`) }
                    : { entries: [], problem: warning('baseline-unreadable', `baseline ${path} could not be read: ${read.message}`) };
            let json;
            try {
                json = JSON.parse(read.text);
            }
            catch {
                return { entries: [], problem: warning('baseline-unreadable', `baseline ${path} is not JSON`) };
            }
            const baseline = readBaseline(json);
            return baseline.warning === undefined
                ? { entries: baseline.entries, key: path }
                : { entries: baseline.entries, key: path, problem: warning('baseline-invalid', `baseline ${path}: ${baseline.warning}`) };
        },
        async save(history) {
            try {
                await (0,promises_namespaceObject.mkdir)((0,external_node_path_namespaceObject.dirname)(file), { recursive: true });
            }
            catch (e) {
                return { saved: false, problem: notice('baseline-not-saved', `baseline not saved to ${path}: ${errorText(e)}`) };
            }
            const written = await writeRegularFile(file, `${JSON.stringify(history, null, 2)}\n`);
            return written.ok
                ? { saved: true, key: path }
                : { saved: false, problem: notice('baseline-not-saved', `baseline not saved to ${path}: ${written.message}`) };
        }
    };
}

;// CONCATENATED MODULE: ./lib/gates/policy.js


/**
 * The one verdict policy: a failed threshold fails the step (`gate: warn` makes it a warning), a
 * threshold that could not be read fails it too rather than pass silently, and run mode's build
 * failing fails it once the report is written.
 */
function judge(gate, mode, inputErrors, build) {
    const messages = [];
    const failures = [];
    for (const c of gate.checks) {
        if (c.verdict === 'pass')
            messages.push({ severity: 'info', text: c.message });
        else if (c.verdict === 'none')
            messages.push({ severity: gateFor(c.gate)?.unjudged ?? 'notice', text: c.message });
        else if (mode === 'warn')
            messages.push({ severity: 'warning', text: c.message });
    }
    const failed = gate.checks.filter((c) => c.verdict === 'fail');
    if (failed.length > 0 && mode === 'fail')
        failures.push(failed.map((c) => c.message).join('; '));
    // a threshold the user asked for but that cannot be read must not pass silently; a bad `gate`
    // matters only when some threshold is set, and a refused `run` is a build that never ran
    const thresholdSet = gate.checks.length > 0 || inputErrors.some((e) => e.input !== undefined && gateFor(e.input) !== undefined);
    for (const e of inputErrors) {
        if (e.input === undefined)
            continue;
        if (gateFor(e.input) !== undefined || e.input === Input.Run || (e.input === Input.Gate && thresholdSet))
            failures.push(e.message);
    }
    if (build !== undefined && build.exitCode !== 0) {
        failures.push(`the build failed (exit code ${build.exitCode})${build.error === undefined ? '' : `: ${build.error}`}`);
    }
    return { messages, failures };
}
/**
 * When no report could be made: every threshold the user set fails the step (`gate: warn` makes
 * it a warning) with the reason, so that an internal error never lets a regression pass unjudged.
 */
function judgeWithoutReport(thresholds, mode, reason, inputErrors, build) {
    const { messages, failures } = judge({ verdict: 'none', checks: [] }, mode, inputErrors, build);
    for (const input of thresholds) {
        const text = `could not evaluate ${input}: ${reason}`;
        if (mode === 'warn')
            messages.push({ severity: 'warning', text });
        else
            failures.push(text);
    }
    return { messages, failures };
}

;// CONCATENATED MODULE: ./lib/cli.js








const FLAG_WIDTH = 32;
const flagLine = (flag, text) => `  ${flag.padEnd(FLAG_WIDTH)}${text}`;
const arg = (unit) => (unit === 's' ? '<s>' : '<n>');
const USAGE = `Usage: build-insights [options] <log files or globs...>

Reads BuildKit progress logs (--progress=plain or rawjson, .gz too) and prints the report
the action writes to the job summary.

Options:
${[
    flagLine('--json', 'print the JSON report instead of markdown'),
    flagLine('--baseline <file>', 'compare with a report (an earlier --json) or a baseline history'),
    ...GATES.map((g) => flagLine(`--${g.input} ${arg(g.unit)}`, g.usage)),
    flagLine('-h, --help', 'show this help')
].join('\n')}`;
/** Returns the process exit code: 0, 1 only when a gate fails, 2 on a usage error or an error of its own (one line). */
async function cli(argv, out, err, now = new Date(), cwd = process.cwd()) {
    try {
        return await report(argv, out, err, now, cwd);
    }
    catch (e) {
        err(`build-insights: ${errorText(e).split('\n')[0] ?? ''}`);
        return 2;
    }
}
async function report(argv, out, err, now, cwd) {
    let parsed;
    try {
        parsed = (0,external_node_util_namespaceObject.parseArgs)({
            args: argv,
            allowPositionals: true,
            options: {
                json: { type: 'boolean', default: false },
                baseline: { type: 'string' },
                ...Object.fromEntries(GATES.map((g) => [g.input, { type: 'string' }])),
                help: { type: 'boolean', short: 'h', default: false }
            }
        });
    }
    catch (e) {
        err(`${errorText(e)}\n\n${USAGE}`);
        return 2;
    }
    const { values, positionals } = parsed;
    if (values.help) {
        out(USAGE);
        return 0;
    }
    if (positionals.length === 0) {
        err(USAGE);
        return 2;
    }
    // the gates' flags are the action's inputs, read by the same parser
    const flags = values;
    const { inputs, errors } = getInputs((name) => {
        const v = GATES.some((g) => g.input === name) ? flags[name] : undefined;
        return typeof v === 'string' ? v : '';
    });
    if (errors.length > 0) {
        err(errors.map((e) => e.message).join('\n'));
        return 2;
    }
    let baseline;
    if (typeof values.baseline === 'string') {
        const loaded = await fileStore(values.baseline, cwd).load();
        if (loaded.problem !== undefined)
            err(`warning: ${describeProblem(loaded.problem)}`);
        if (loaded.entries.length > 0)
            baseline = loaded.entries;
    }
    const report = await reportFromLogs(positionals, { thresholds: inputs.thresholds, now, cwd }, { baseline });
    for (const p of report.problems)
        err(`warning: ${describeProblem(p)}`);
    out(values.json ? JSON.stringify(report, null, 2) : renderSummary(report));
    const judgement = judge(report.gate, 'fail', []);
    for (const f of judgement.failures)
        err(f);
    return judgement.failures.length > 0 ? 1 : 0;
}


/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(975);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
