import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 5317:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 9896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 8611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 5692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 9278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 4589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 7540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 8161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 3429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 5919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 6928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 3193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 3557:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");

/***/ }),

/***/ 4756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 5329:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  $6: () => (/* binding */ runnerIO)
});

// UNUSED EXPORTS: TOLD_PER_KIND, tell

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
;// CONCATENATED MODULE: ./lib/fs-async.js

// The file calls a run makes, as promises over node:fs's callbacks: node:fs/promises loads ten
// more of Node's modules (readline, watchers, REPL history) at start, 3 ms of every run.
function done(resolve, reject) {
    return (e, v) => {
        if (e)
            reject(e);
        else
            resolve(v);
    };
}
/** done() for the calls whose callback carries no value. */
function settled(resolve, reject) {
    return (e) => {
        if (e)
            reject(e);
        else
            resolve();
    };
}
const fs_async_stat = (path) => new Promise((resolve, reject) => {
    external_node_fs_.stat(path, done(resolve, reject));
});
const fs_async_fstat = (fd) => new Promise((resolve, reject) => {
    external_node_fs_.fstat(fd, done(resolve, reject));
});
const fs_async_open = (path, flags) => new Promise((resolve, reject) => {
    external_node_fs_.open(path, flags, done(resolve, reject));
});
const fs_async_close = (fd) => new Promise((resolve, reject) => {
    external_node_fs_.close(fd, settled(resolve, reject));
});
/** Bytes read into buf from its start; position null: where the last read ended. */
const read = (fd, buf, length, position) => new Promise((resolve, reject) => {
    fs.read(fd, buf, 0, length, position, done(resolve, reject));
});
const fs_async_readText = (fd) => new Promise((resolve, reject) => {
    fs.readFile(fd, 'utf8', done(resolve, reject));
});
const ftruncate = (fd, length) => new Promise((resolve, reject) => {
    external_node_fs_.ftruncate(fd, length, settled(resolve, reject));
});
const writeFrom = (fd, bytes, from) => new Promise((resolve, reject) => {
    external_node_fs_.write(fd, bytes, from, bytes.length - from, null, done(resolve, reject));
});
/** All of text, however many writes it takes. */
async function writeAll(fd, text) {
    const bytes = Buffer.from(text);
    let at = 0;
    while (at < bytes.length)
        at += await writeFrom(fd, bytes, at);
}
const appendFile = (path, text) => new Promise((resolve, reject) => {
    external_node_fs_.appendFile(path, text, { encoding: 'utf8' }, settled(resolve, reject));
});
const access = (path, mode) => new Promise((resolve, reject) => {
    external_node_fs_.access(path, mode, settled(resolve, reject));
});
const mkdirs = (path) => new Promise((resolve, reject) => {
    external_node_fs_.mkdir(path, { recursive: true }, settled(resolve, reject));
});

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(8161);
// EXTERNAL MODULE: ./lib/stdout.js
var stdout = __nccwpck_require__(7080);
;// CONCATENATED MODULE: ./lib/runner-commands.js





function getInput(name) {
    return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}
function getState(name) {
    return process.env[`STATE_${name}`] ?? '';
}
function setOutput(name, value) {
    if (process.env.GITHUB_OUTPUT) {
        fileCommand('OUTPUT', keyValue(name, value));
        return;
    }
    (0,stdout/* writeOut */.sD)(external_node_os_.EOL);
    command('set-output', { name }, value);
}
function saveState(name, value) {
    if (process.env.GITHUB_STATE) {
        fileCommand('STATE', keyValue(name, value));
        return;
    }
    command('save-state', { name }, value);
}
function setSecret(secret) {
    command('add-mask', {}, secret);
}
function debug(message) {
    command('debug', {}, message);
}
function info(message) {
    (0,stdout/* writeOut */.sD)(message + external_node_os_.EOL);
}
function warning(message, properties = {}) {
    command('warning', annotation(properties), message);
}
function notice(message, properties = {}) {
    command('notice', annotation(properties), message);
}
function error(message) {
    command('error', {}, message);
}
function setFailed(message) {
    process.exitCode = 1;
    error(message);
}
function startGroup(name) {
    command('group', {}, name);
}
function endGroup() {
    command('endgroup', {}, '');
}
/** Appends to the job summary as core.summary.addRaw(text, true).write() does. */
async function appendSummary(text) {
    const path = process.env.GITHUB_STEP_SUMMARY;
    if (!path)
        throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.');
    try {
        await access(path, external_node_fs_.constants.R_OK | external_node_fs_.constants.W_OK);
    }
    catch {
        throw new Error(`Unable to access summary file: '${path}'. Check if the file has correct read/write permissions.`);
    }
    await appendFile(path, text + external_node_os_.EOL);
}
function annotation(p) {
    if (Object.keys(p).length === 0)
        return {};
    return { title: p.title, file: p.file, line: p.startLine };
}
function command(name, properties, message) {
    let s = `::${name}`;
    // as core writes it: a space once there are properties at all, then those with a value
    if (Object.keys(properties).length > 0) {
        const props = Object.entries(properties).filter(([, v]) => v !== undefined && v !== '' && v !== 0);
        s += ` ${props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',')}`;
    }
    (0,stdout/* writeOut */.sD)(`${s}::${escapeData(message)}${external_node_os_.EOL}`);
}
function fileCommand(name, message) {
    const path = process.env[`GITHUB_${name}`];
    if (!path)
        throw new Error(`Unable to find environment variable for file command ${name}`);
    if (!(0,external_node_fs_.existsSync)(path))
        throw new Error(`Missing file at path: ${path}`);
    (0,external_node_fs_.appendFileSync)(path, `${message}${external_node_os_.EOL}`, { encoding: 'utf8' });
}
/**
 * A UUID-shaped delimiter from Math.random, where @actions/core uses crypto's: the checks below
 * keep a value from ending the heredoc whatever the delimiter, and node:crypto costs every run's
 * start-up a few milliseconds for nothing else.
 */
function randomId() {
    const hex = (n) => Math.floor(Math.random() * 16 ** n)
        .toString(16)
        .padStart(n, '0');
    return `${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + Math.floor(Math.random() * 4)).toString(16)}${hex(3)}-${hex(12)}`;
}
function keyValue(key, value) {
    const delimiter = `ghadelimiter_${randomId()}`;
    if (key.includes(delimiter))
        throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
    if (value.includes(delimiter))
        throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
    return `${key}<<${delimiter}${external_node_os_.EOL}${value}${external_node_os_.EOL}${delimiter}`;
}
function escapeData(s) {
    return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(s) {
    return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
;// CONCATENATED MODULE: ./lib/github/request.js


/** What a request function throws when the deadline passed first: "the REST API did not answer within Ns". */
class NoAnswer extends Error {
    name = 'NoAnswer';
}
/** Never throws: octokit.request throws a RequestError for a non-2xx answer, whose status and body still count. */
async function call(request, route, params) {
    try {
        return await request(route, params);
    }
    catch (e) {
        if (e instanceof NoAnswer)
            return { status: 0, data: undefined, error: e.message, timedOut: true };
        if (isRecord(e) && typeof e.status === 'number')
            return { status: e.status, data: isRecord(e.response) ? e.response.data : undefined };
        return { status: 0, data: undefined, error: errorText(e) };
    }
}
const ok = (a) => a.status >= 200 && a.status < 300;
/** Why an answer cannot be used, for a notice. */
const why = (a) => a.timedOut === true
    ? (a.error ?? 'the REST API did not answer in time')
    : a.status === 0
        ? `the request failed (${a.error ?? 'no answer'})`
        : ok(a)
            ? 'the answer has unexpected fields'
            : `GitHub answered HTTP ${a.status}`;
/** The likeliest cause of a refusal (401, 403, 404) is the job's token: say what it needs. */
const refused = (a) => a.status === 401 || a.status === 403 || a.status === 404;
/** What `why` says, as a problem's code: no answer in time, no answer, a refusal, another error, unexpected fields. */
function answerCode(a) {
    if (a.timedOut === true)
        return 'service-timeout';
    if (a.status === 0)
        return 'service-failed';
    if (ok(a))
        return 'api-unexpected';
    return refused(a) ? 'api-refused' : 'api-error';
}
const TOKEN_HINT = ' The token needs the `actions: read` permission (job `permissions: actions: read`).';

// EXTERNAL MODULE: ./lib/deadline.js
var lib_deadline = __nccwpck_require__(4611);
;// CONCATENATED MODULE: ./lib/github/client.js



/**
 * octokit.request from @actions/github (GITHUB_API_URL for GitHub Enterprise), loaded only
 * when the REST API is used, so that a run without a token does not pay for loading it. Each
 * request carries the deadline's signal: undici's own timeouts are 300 s per request, and a
 * server that accepts the connection and never answers would otherwise hold the step that long.
 */
async function githubRequest(token, deadline = new lib_deadline/* Deadline */.B2(lib_deadline/* DEFAULT_TIMEOUT_SECONDS */.KU)) {
    const { getOctokit } = await __nccwpck_require__.e(/* import() */ 413).then(__nccwpck_require__.bind(__nccwpck_require__, 2413));
    (0,stdout/* shareStdout */.Tg)();
    const octokit = getOctokit(token);
    const late = () => new NoAnswer(deadline.message('the REST API'));
    return async (route, params) => {
        if (deadline.expired())
            throw late();
        try {
            const r = await octokit.request(route, { ...params, request: { signal: deadline.signal } });
            return { status: r.status, data: r.data };
        }
        catch (e) {
            // octokit gives an aborted fetch status 500: it is no answer, not GitHub's
            if (deadline.signal.aborted)
                throw late();
            throw e;
        }
    };
}
/**
 * A request whose client is made on its first use: making it loads octokit (about 50 ms), which
 * run mode would otherwise spend before the build starts, though every REST call comes after the
 * build starts. A client that cannot be made fails each request, as an API that does not answer.
 */
function lazyRequest(make) {
    let made;
    return async (route, params) => {
        made ??= make();
        return (await made)(route, params);
    };
}
/** `owner/repo` from GITHUB_REPOSITORY. */
function repository(env) {
    const [owner, repo, ...rest] = (env.GITHUB_REPOSITORY ?? '').split('/');
    return owner && repo && rest.length === 0 ? { owner, repo } : undefined;
}

// EXTERNAL MODULE: ./lib/problems.js
var problems = __nccwpck_require__(5451);
;// CONCATENATED MODULE: ./lib/regular-file.js



const NONBLOCK = external_node_fs_.constants.O_NONBLOCK ?? 0;
const NOT_REGULAR = 'is not a regular file (a FIFO, a device or a directory), so it is not read';
/**
 * The largest file read whole (bytes): the JSON files read this way (leg reports, baselines,
 * metadata files) are a few MB at most, and a glob that matched some other large file must not
 * take the runner's memory with it.
 */
const MAX_READ_WHOLE = (/* unused pure expression or super */ null && (64 * 1024 * 1024));
function tooLarge(size, max) {
    const mib = (n) => `${Math.round(n / (1024 * 1024))} MiB`;
    return `is ${mib(size)}, more than the ${mib(max)} a report, baseline or metadata file is read up to, so it is not read`;
}
/**
 * A whole file's text, from a regular file only: open() on a FIFO waits for a writer forever, and
 * a device or a directory is no input. stat first (that is where a missing path or a FIFO shows),
 * then open without blocking and check the handle itself, in case the path changed in between.
 */
async function readRegularFile(path, maxBytes = MAX_READ_WHOLE) {
    try {
        if (!(await stat(path)).isFile())
            return { ok: false, missing: false, message: NOT_REGULAR };
    }
    catch (e) {
        const missing = e.code === 'ENOENT';
        return { ok: false, missing, message: missing ? 'does not exist' : errorText(e) };
    }
    try {
        // O_NONBLOCK: a FIFO swapped in after the stat opens at once instead of waiting (Windows has neither)
        const fd = await open(path, constants.O_RDONLY | NONBLOCK);
        try {
            const st = await fstat(fd);
            if (!st.isFile())
                return { ok: false, missing: false, message: NOT_REGULAR };
            if (st.size > maxBytes)
                return { ok: false, missing: false, message: tooLarge(st.size, maxBytes) };
            return { ok: true, text: await readText(fd) };
        }
        finally {
            await close(fd);
        }
    }
    catch (e) {
        return { ok: false, missing: e.code === 'ENOENT', message: errorText(e) };
    }
}
/**
 * Writes a whole file, refusing anything there that is not a regular file: open() for writing
 * waits on a FIFO as reading does. Text in pieces is written piece by piece, never joined.
 */
async function writeRegularFile(path, text) {
    try {
        if (!(await fs_async_stat(path)).isFile())
            return { ok: false, message: NOT_REGULAR };
    }
    catch (e) {
        if (e.code !== 'ENOENT')
            return { ok: false, message: (0,problems/* errorText */.kc)(e) };
    }
    try {
        // a FIFO swapped in meanwhile fails at once (ENXIO) rather than waiting for a reader
        const fd = await fs_async_open(path, external_node_fs_.constants.O_WRONLY | external_node_fs_.constants.O_CREAT | NONBLOCK);
        try {
            if (!(await fs_async_fstat(fd)).isFile())
                return { ok: false, message: NOT_REGULAR };
            await ftruncate(fd, 0);
            if (typeof text === 'string')
                await writeAll(fd, text);
            else
                for (const piece of text)
                    await writeAll(fd, piece);
            return { ok: true };
        }
        finally {
            await fs_async_close(fd);
        }
    }
    catch (e) {
        return { ok: false, message: (0,problems/* errorText */.kc)(e) };
    }
}
/** A regular file's text up to max bytes, read at once; undefined when it is missing, not a regular file, or larger. A FIFO is opened without waiting for a writer. */
function readRegularFileText(path, max) {
    let fd;
    try {
        fd = openSync(path, constants.O_RDONLY | NONBLOCK);
    }
    catch {
        return undefined;
    }
    try {
        const st = fstatSync(fd);
        if (!st.isFile() || st.size > max)
            return undefined;
        const buf = Buffer.alloc(st.size);
        let off = 0;
        while (off < st.size) {
            const n = readSync(fd, buf, off, st.size - off, off);
            if (n <= 0)
                break;
            off += n;
        }
        return buf.subarray(0, off).toString('utf8');
    }
    catch {
        return undefined;
    }
    finally {
        closeSync(fd);
    }
}

// EXTERNAL MODULE: ./lib/json.js
var json = __nccwpck_require__(6413);
;// CONCATENATED MODULE: ./lib/github/event.js

/** The `repository` object of an event payload's text, when there is one. */
function eventRepository(payload) {
    const event = (0,json/* parseJson */.qF)(payload);
    return (0,json/* isRecord */.u4)(event) && (0,json/* isRecord */.u4)(event.repository) ? event.repository : undefined;
}

;// CONCATENATED MODULE: ./lib/action-io.js










function properties(at) {
    if (!at)
        return {};
    const p = { file: at.file };
    if (at.line !== undefined)
        p.startLine = at.line;
    if (at.title !== undefined)
        p.title = at.title;
    return p;
}
/** Problems of one kind told in the job log; one line counts the rest (a glob can match thousands of files that hold no build). */
const TOLD_PER_KIND = 10;
/**
 * Each problem in the job log as its severity says: a notice, or a warning on its file when it
 * has one; past TOLD_PER_KIND of a kind, one line that counts them. The JSON report has them all.
 */
function tell(io, problems) {
    const kinds = new Map();
    for (const p of problems) {
        const kind = kinds.get(p.code) ?? { count: 0, severity: p.severity };
        kinds.set(p.code, kind);
        if (++kind.count > TOLD_PER_KIND)
            continue;
        if (p.severity === 'notice')
            io.notice(describeProblem(p));
        // a byte offset (rawjson) is no line to annotate
        else
            io.warning(describeProblem(p), p.file === undefined ? undefined : { file: p.file });
    }
    for (const [code, kind] of kinds) {
        if (kind.count <= TOLD_PER_KIND)
            continue;
        const more = `… and ${kind.count - TOLD_PER_KIND} more problems like these (${code}); the JSON report has them all`;
        if (kind.severity === 'notice')
            io.notice(more);
        else
            io.warning(more);
    }
}
/** A file written whole, its folder made first; a FIFO as report-file would wait for a reader forever, so only a regular file is written. */
async function writeFileThere(path, text) {
    await mkdirs((0,external_node_path_.dirname)(path));
    const written = await writeRegularFile(path, text);
    if (!written.ok)
        throw new Error(written.message);
}
function runnerIO() {
    return {
        getInput: (name) => getInput(name),
        getState: (name) => getState(name),
        saveState: (name, value) => {
            saveState(name, value);
        },
        setSecret: (value) => {
            setSecret(value);
        },
        debug: (message) => {
            debug(message);
        },
        setOutput: (name, value) => {
            setOutput(name, value);
        },
        appendSummary: async (markdown) => {
            await appendSummary(markdown);
        },
        writeFile: writeFileThere,
        writeFilePieces: writeFileThere,
        info: (message) => {
            info(message);
        },
        warning: (message, at) => {
            warning(message, properties(at));
        },
        notice: (message, at) => {
            notice(message, properties(at));
        },
        setFailed: (message) => {
            setFailed(message);
        },
        group: async (title, fn) => {
            // the token that turns commands back on must not be guessable by the text printed in between: crypto's, loaded when a group is printed
            const { randomUUID } = await Promise.resolve(/* import() */).then(__nccwpck_require__.t.bind(__nccwpck_require__, 7598, 19));
            startGroup(title);
            const token = randomUUID();
            (0,stdout/* writeOut */.sD)(`::stop-commands::${token}\n`);
            try {
                return await fn((text) => {
                    (0,stdout/* writeOut */.sD)(`${text}\n`);
                });
            }
            finally {
                (0,stdout/* writeOut */.sD)(`::${token}::\n`);
                endGroup();
            }
        },
        now: () => new Date(),
        env: process.env,
        cwd: process.cwd(),
        cpus: (0,external_node_os_.cpus)().length,
        eventRepository: action_io_eventRepository(process.env.GITHUB_EVENT_PATH),
        githubRequest: githubRequest
    };
}
function action_io_eventRepository(path) {
    if (path === undefined || path === '')
        return undefined;
    try {
        return eventRepository((0,external_node_fs_.readFileSync)(path, 'utf8'));
    }
    catch {
        return undefined;
    }
}


/***/ }),

/***/ 4611:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   B2: () => (/* binding */ Deadline),
/* harmony export */   KU: () => (/* binding */ DEFAULT_TIMEOUT_SECONDS)
/* harmony export */ });
/* unused harmony exports realClock, Timeout */
// One time budget for everything the action waits on (docker's answers, the Actions cache service,
// the REST API), so that a service that accepts a connection and never answers costs the step at
// most the budget, never the job's 6 hours. Every wait takes its bound from here.
/** The seconds the `timeout` input gives when it is not set. */
const DEFAULT_TIMEOUT_SECONDS = 60;
const realClock = {
    // hrtime, not performance.now(): the global's first use loads perf_hooks, 2 ms of every start
    now: () => Number(process.hrtime.bigint()) / 1e6,
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
const MAX_TIMER_MS = 2 ** 31 - 1;
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


/***/ }),

/***/ 983:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   dw: () => (/* binding */ actionsExec)
/* harmony export */ });
/* unused harmony exports KILL_GRACE_MS, TIMED_OUT */
/* harmony import */ var _problems_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(5451);
/* harmony import */ var _stdout_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7080);


/** SIGTERM, then SIGKILL this long after; then the call gives up on the process's exit. */
const KILL_GRACE_MS = 1000;
/** The exit code a timed-out call reports, as coreutils' timeout does. */
const TIMED_OUT = 124;
const actionsExec = (command, args, options = {}) => options.signal === undefined ? execUnbounded(command, args, options) : execBounded(command, args, options, options.signal);
const execUnbounded = async (command, args, options = {}) => {
    const listeners = {};
    if (options.onStdout)
        listeners.stdout = options.onStdout;
    if (options.onStderr)
        listeners.stderr = options.onStderr;
    try {
        // loaded when a program is run: a run over log files starts without it
        const { getExecOutput } = await __nccwpck_require__.e(/* import() */ 260).then(__nccwpck_require__.bind(__nccwpck_require__, 1260));
        (0,_stdout_js__WEBPACK_IMPORTED_MODULE_0__/* .shareStdout */ .Tg)();
        const r = await getExecOutput(command, [...args], {
            silent: true,
            ignoreReturnCode: true,
            listeners,
            ...(options.cwd === undefined ? {} : { cwd: options.cwd })
        });
        return {
            exitCode: r.exitCode,
            stdout: options.onStdout ? '' : r.stdout,
            stderr: options.onStderr ? '' : r.stderr
        };
    }
    catch (e) {
        // the program could not be started (not on PATH)
        return { exitCode: 127, stdout: '', stderr: (0,_problems_js__WEBPACK_IMPORTED_MODULE_1__/* .errorText */ .kc)(e) };
    }
};
/**
 * node:child_process rather than @actions/exec, which does not hand out the child: a timed-out
 * docker must be killed, or it keeps the event loop (and the step) alive. On POSIX the program
 * gets its own process group so that the kill reaches what it started (docker runs buildx as a
 * plugin process).
 */
function execBounded(command, args, options, signal) {
    if (signal.aborted)
        return Promise.resolve({ exitCode: TIMED_OUT, stdout: '', stderr: `${command} was not run: no time left`, timedOut: true });
    const posix = process.platform !== 'win32';
    return new Promise((resolve) => {
        const out = [];
        const err = [];
        let settled = false;
        let timedOut = false;
        let exitedBy = null;
        const timers = [];
        let child;
        try {
            // loaded when a command runs: most runs read logs only
            child = process.getBuiltinModule('node:child_process').spawn(command, [...args], {
                stdio: ['ignore', 'pipe', 'pipe'],
                windowsHide: true,
                detached: posix,
                ...(options.cwd === undefined ? {} : { cwd: options.cwd })
            });
        }
        catch (e) {
            // an argument node refuses (a NUL byte)
            resolve({ exitCode: 127, stdout: '', stderr: (0,_problems_js__WEBPACK_IMPORTED_MODULE_1__/* .errorText */ .kc)(e) });
            return;
        }
        const kill = (sig) => {
            try {
                if (posix && child.pid !== undefined)
                    process.kill(-child.pid, sig);
                else
                    child.kill(sig);
            }
            catch {
                // gone already
            }
        };
        const finish = (r) => {
            if (settled)
                return;
            settled = true;
            signal.removeEventListener('abort', onAbort);
            for (const t of timers)
                clearTimeout(t);
            // a grandchild may still hold the pipes: let go of them, and of the child, so nothing keeps node alive
            child.stdout.destroy();
            child.stderr.destroy();
            child.unref();
            resolve(r);
        };
        const onAbort = () => {
            timedOut = true;
            kill('SIGTERM');
            timers.push(setTimeout(() => {
                kill('SIGKILL');
            }, KILL_GRACE_MS), 
            // a process that even SIGKILL does not end at once (uninterruptible sleep): stop waiting for it
            setTimeout(() => {
                finish({ exitCode: TIMED_OUT, stdout: text(out), stderr: text(err), timedOut: true });
            }, 2 * KILL_GRACE_MS));
        };
        signal.addEventListener('abort', onAbort, { once: true });
        child.stdout.on('data', (b) => {
            if (options.onStdout)
                options.onStdout(b);
            else
                out.push(b);
        });
        child.stderr.on('data', (b) => {
            if (options.onStderr)
                options.onStderr(b);
            else
                err.push(b);
        });
        // not on PATH, not executable
        child.on('error', (e) => {
            finish({ exitCode: 127, stdout: '', stderr: (0,_problems_js__WEBPACK_IMPORTED_MODULE_1__/* .errorText */ .kc)(e) });
        });
        // killed: as soon as it has exited, whoever still holds its pipes
        child.on('exit', (code, sig) => {
            if (timedOut)
                finish({ exitCode: TIMED_OUT, stdout: text(out), stderr: text(err), timedOut: true });
            else if (code === null)
                exitedBy = sig;
        });
        // otherwise once its output is all read
        child.on('close', (code) => {
            if (timedOut)
                finish({ exitCode: TIMED_OUT, stdout: text(out), stderr: text(err), timedOut: true });
            else
                finish({ exitCode: code ?? 128, stdout: text(out), stderr: exitedBy === null ? text(err) : `${text(err)}killed by ${exitedBy}` });
        });
    });
}
const text = (chunks) => Buffer.concat(chunks).toString('utf8');


/***/ }),

/***/ 199:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   K: () => (/* binding */ exitWhenFlushed)
/* harmony export */ });
/* harmony import */ var _stdout_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7080);

/**
 * Ends the entry point once the report is out. Every wait is bounded, but what was given up on (a
 * socket the cache service or the REST API never answered, @actions/cache's retries) may still hold
 * the event loop and would keep the step running. Outputs and state are written synchronously
 * (appendFileSync) and the summary is awaited; stdout is flushed here, as a pipe may be written
 * asynchronously. process.exitCode, as core.setFailed set it, is kept.
 */
async function exitWhenFlushed() {
    // on Linux the job log went to fd 1 as written (stdout.ts): no stream to flush, none to make
    if ((0,_stdout_js__WEBPACK_IMPORTED_MODULE_0__/* .stdoutStream */ .c4)())
        await Promise.all([flush(process.stdout), flush(process.stderr)]);
    process.exit();
}
function flush(stream) {
    return new Promise((resolve) => {
        // the callback runs once everything written before it is handed to the OS
        stream.write('', () => {
            resolve();
        });
    });
}


/***/ }),

/***/ 6413:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   qF: () => (/* binding */ parseJson),
/* harmony export */   sl: () => (/* binding */ utcStamp),
/* harmony export */   u4: () => (/* binding */ isRecord),
/* harmony export */   vE: () => (/* binding */ timestamp)
/* harmony export */ });
/* unused harmony export finite */
/** The one guard every reader of outside JSON (BuildKit, buildx, state, the REST API) starts from. */
function isRecord(x) {
    return typeof x === 'object' && x !== null && !Array.isArray(x);
}
/** A finite number, or undefined. */
function finite(x) {
    return typeof x === 'number' && Number.isFinite(x) ? x : undefined;
}
/** The second of the last UTC timestamp read (its digits as one number), and its ms since the epoch. */
let lastSecond = -1;
let lastSecondMs = 0;
/**
 * A UTC timestamp as BuildKit and the runner write it, `2026-11-29T09:58:57.917265293Z` with 1 to
 * 9 fraction digits, at the start of s: its ms since the epoch, and where its `Z` is. undefined
 * for any other form and for hour 24, which Date.parse reads its own way (`24:00:00Z`, and no
 * fraction after it; 10 fraction digits or more, `.0005000000` is 5 ms). Date.parse keeps the
 * fraction's first three digits, and so does this; the second is parsed once for a run of
 * timestamps in it, since a log's come many to a second.
 */
function utcStamp(s) {
    if (s.length < 22 || s.charCodeAt(19) !== 46 /* . */ || s.charCodeAt(10) !== 84 /* T */)
        return undefined;
    const y = digits(s, 0, 4);
    const mo = digits(s, 5, 7);
    const d = digits(s, 8, 10);
    const h = digits(s, 11, 13);
    const mi = digits(s, 14, 16);
    const sec = digits(s, 17, 19);
    const seps = s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45 && s.charCodeAt(13) === 58 && s.charCodeAt(16) === 58;
    if (!seps || y < 0 || mo < 0 || d < 0 || h < 0 || h === 24 || mi < 0 || sec < 0)
        return undefined;
    let i = 20;
    let ms = 0;
    for (; i < s.length && i < 29; i++) {
        const c = s.charCodeAt(i) - 48;
        if (c < 0 || c > 9)
            break;
        if (i < 23)
            ms = ms * 10 + c;
    }
    if (i === 20 || s.charCodeAt(i) !== 90 /* Z */)
        return undefined;
    for (let k = i; k < 23; k++)
        ms *= 10;
    const second = ((((y * 100 + mo) * 100 + d) * 100 + h) * 100 + mi) * 100 + sec;
    if (second !== lastSecond) {
        const t = Date.parse(`${s.slice(0, 19)}Z`);
        if (Number.isNaN(t))
            return undefined;
        lastSecond = second;
        lastSecondMs = t;
    }
    return { at: lastSecondMs + ms, z: i };
}
/** The number the characters [from, to) of s write in decimal digits, or -1. */
function digits(s, from, to) {
    let v = 0;
    for (let i = from; i < to; i++) {
        const c = s.charCodeAt(i) - 48;
        if (c < 0 || c > 9)
            return -1;
        v = v * 10 + c;
    }
    return v;
}
/** RFC 3339 with a fraction of any length (BuildKit, buildx) → ms since the epoch; Date keeps ms, all a report needs. */
function timestamp(x) {
    if (typeof x !== 'string')
        return undefined;
    const utc = utcStamp(x);
    if (utc !== undefined && utc.z === x.length - 1)
        return utc.at;
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


/***/ }),

/***/ 9145:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  X: () => (/* binding */ runPre)
});

;// CONCATENATED MODULE: ./lib/constants.js
/** Every input and output name, as action.yml declares them; the gates' inputs are in gates/. */
const Input = {
    LogFiles: 'log-files',
    BuildRefs: 'build-refs',
    Builder: 'builder',
    Run: 'run',
    Gate: 'gate',
    FailOnEmpty: 'fail-on-empty',
    Summary: 'summary',
    ReportFile: 'report-file',
    Du: 'du',
    ActionsCacheUsage: 'actions-cache-usage',
    GitHubToken: 'github-token',
    BaselineFile: 'baseline-file',
    SaveBaseline: 'save-baseline',
    BaselineName: 'baseline-name',
    Baseline: 'baseline',
    RunsPerMonth: 'runs-per-month',
    MinutePrice: 'minute-price',
    Timeout: 'timeout',
    Dockerfile: 'dockerfile',
    Context: 'context',
    Matrix: 'matrix',
    MergeReports: 'merge-reports',
    GateEachLeg: 'gate-each-leg',
    OtlpEndpoint: 'otlp-endpoint',
    OtlpHeaders: 'otlp-headers',
    OtlpTraces: 'otlp-traces'
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
    Cost: 'cost',
    MonthlyMinutes: 'monthly-minutes',
    MonthlyCost: 'monthly-cost',
    BillableMinutesDelta: 'billable-minutes-delta',
    CostDelta: 'cost-delta',
    MonthlyMinutesDelta: 'monthly-minutes-delta',
    MonthlyCostDelta: 'monthly-cost-delta',
    TimeSaved: 'time-saved',
    CacheOverhead: 'cache-overhead'
};
const REPORT_FILE_NAME = 'build-insights-report.json';
/** GITHUB_STATE names shared by the pre and main entry points. */
const State = {
    JobStartedAt: 'job-started-at',
    CacheBefore: 'cache-before'
};

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
// EXTERNAL MODULE: ./lib/json.js
var json = __nccwpck_require__(6413);
;// CONCATENATED MODULE: ./lib/docker/du.js

// go-units HumanSize: decimal units, `kB` lower-case
const UNITS = {
    B: 1,
    kB: 1e3,
    KB: 1e3,
    MB: 1e6,
    GB: 1e9,
    TB: 1e12,
    PB: 1e15,
    EB: 1e18,
    KiB: 1024,
    MiB: 1024 ** 2,
    GiB: 1024 ** 3,
    TiB: 1024 ** 4
};
/** `1.049MB` → 1049000; undefined when it is no size. */
function parseSize(text) {
    const m = /^(\d+(?:\.\d+)?)\s*([kKMGTPE]?i?B)$/.exec(text.trim().replace(/\*$/, ''));
    if (!m)
        return undefined;
    const unit = UNITS[m[2] ?? ''];
    return unit === undefined ? undefined : Math.round(Number(m[1]) * unit);
}
function parseDiskUsage(text) {
    const first = text
        .split('\n')
        .find((l) => l.trim() !== '')
        ?.trim() ?? '';
    if (first.startsWith('{'))
        return fromJson(text);
    if (/^ID\s+RECLAIMABLE\s+SIZE/.test(first))
        return fromTable(text);
    return fromVerbose(text);
}
function withTotals(format, records, footer) {
    const summed = sum(records);
    if (footer.total === undefined)
        return { format, records, totals: summed, totalsFrom: 'records' };
    const shared = footer.shared ?? 0;
    return {
        format,
        records,
        totals: { total: footer.total, reclaimable: footer.reclaimable ?? summed.reclaimable, shared, private: footer.private ?? footer.total - shared },
        totalsFrom: 'footer'
    };
}
/** As buildx's footer: shared is the size of shared records, private the rest. */
function sum(records) {
    let total = 0;
    let reclaimable = 0;
    let shared = 0;
    for (const r of records) {
        total += r.size;
        if (r.reclaimable)
            reclaimable += r.size;
        if (r.shared)
            shared += r.size;
    }
    return { total, reclaimable, shared, private: total - shared };
}
const FOOTER = { Shared: 'shared', Private: 'private', Reclaimable: 'reclaimable', Total: 'total' };
function footerLine(line, footer) {
    const m = /^(Shared|Private|Reclaimable|Total):\s+(\S+)$/.exec(line.trim());
    const key = m ? FOOTER[m[1] ?? ''] : undefined;
    const size = m ? parseSize(m[2] ?? '') : undefined;
    if (key === undefined || size === undefined)
        return false;
    footer[key] = size;
    return true;
}
function fromVerbose(text) {
    const records = [];
    const footer = {};
    for (const block of text.split(/\n\s*\n/)) {
        const fields = new Map();
        const parents = [];
        let last = '';
        for (const line of block.split('\n')) {
            const item = /^\s+-\s+(\S+)/.exec(line);
            if (item?.[1] !== undefined && last === 'Parents') {
                parents.push(item[1]);
                continue;
            }
            const kv = /^([A-Za-z][A-Za-z ]*?):\s*(.*)$/.exec(line);
            if (!kv)
                continue;
            last = kv[1] ?? '';
            fields.set(last, (kv[2] ?? '').trim());
        }
        const id = fields.get('ID');
        if (id === undefined) {
            for (const line of block.split('\n'))
                footerLine(line, footer);
            continue;
        }
        const parent = fields.get('Parent');
        if (parent)
            parents.push(parent);
        const usage = Number(fields.get('Usage count'));
        records.push({
            id,
            type: fields.get('Type') ?? '',
            size: parseSize(fields.get('Size') ?? '') ?? 0,
            description: fields.get('Description') ?? '',
            reclaimable: fields.get('Reclaimable') === 'true',
            shared: fields.get('Shared') === 'true',
            mutable: fields.get('Mutable') === 'true',
            parents,
            usageCount: Number.isFinite(usage) ? usage : undefined,
            lastUsed: fields.get('Last used')
        });
    }
    return withTotals('verbose', records, footer);
}
function fromTable(text) {
    const records = [];
    const footer = {};
    for (const line of text.split('\n').slice(1)) {
        if (line.trim() === '' || footerLine(line, footer))
            continue;
        const m = /^(\S+?)(\*?)\s+(true|false)\s+(\S+?)(\*?)\s+(.*)$/.exec(line.trim());
        if (!m)
            continue;
        records.push({
            id: m[1] ?? '',
            type: '',
            size: parseSize(m[4] ?? '') ?? 0,
            description: '',
            reclaimable: m[3] === 'true',
            shared: m[5] === '*',
            mutable: m[2] === '*',
            parents: [],
            usageCount: undefined,
            lastUsed: m[6]?.trim()
        });
    }
    return withTotals('table', records, footer);
}
function fromJson(text) {
    const records = [];
    for (const line of text.split('\n')) {
        if (!line.trim().startsWith('{'))
            continue;
        const o = (0,json/* parseJson */.qF)(line);
        if (!(0,json/* isRecord */.u4)(o) || typeof o.ID !== 'string')
            continue;
        const r = o;
        records.push({
            id: o.ID,
            type: typeof r.Type === 'string' ? r.Type : '',
            size: typeof r.Size === 'string' ? (parseSize(r.Size) ?? 0) : typeof r.Size === 'number' ? r.Size : 0,
            description: typeof r.Description === 'string' ? r.Description : '',
            reclaimable: r.Reclaimable === true,
            shared: r.Shared === true,
            mutable: r.Mutable === true,
            parents: Array.isArray(r.Parents) ? r.Parents.filter((p) => typeof p === 'string') : [],
            usageCount: typeof r.UsageCount === 'number' ? r.UsageCount : undefined,
            lastUsed: typeof r.LastUsedAt === 'string' ? r.LastUsedAt : undefined
        });
    }
    return withTotals('json', records, {});
}
/** Bytes and records per record type (`regular`, `source.local`, `exec.cachemount`, `frontend`, `internal`, ...), largest first. */
function byType(records) {
    const m = new Map();
    for (const r of records) {
        const t = m.get(r.type || 'unknown') ?? { type: r.type || 'unknown', count: 0, size: 0 };
        t.count++;
        t.size += r.size;
        m.set(t.type, t);
    }
    return [...m.values()].sort((a, b) => b.size - a.size || a.type.localeCompare(b.type));
}

;// CONCATENATED MODULE: ./lib/docker/engine.js





// The docker driver's build cache is the Engine's: one API call over its socket answers what
// `docker buildx inspect` and `docker buildx du` (two CLI starts, ~0.3 s) answer, in ~10 ms.
/** The builder the docker driver names after the context: `default` where no context is set. */
const ENGINE_BUILDER = 'default';
const MAX_ANSWER = 256 * 1024 * 1024;
/**
 * The Engine's socket, when the build cache asked about is surely the Engine's own: no builder
 * named (`builder` input), no other docker context, no other current buildx builder (what
 * docker/setup-buildx-action makes current: a docker-container builder with its own cache),
 * DOCKER_HOST a unix socket or unset, and the socket there. Else undefined: the CLI is asked.
 */
function engineSocket(env, builder) {
    if (builder !== undefined && builder !== '' && builder !== ENGINE_BUILDER)
        return undefined;
    if (env.DOCKER_CONTEXT !== undefined && env.DOCKER_CONTEXT !== '' && env.DOCKER_CONTEXT !== 'default')
        return undefined;
    if (env.BUILDX_BUILDER !== undefined && env.BUILDX_BUILDER !== '' && env.BUILDX_BUILDER !== ENGINE_BUILDER)
        return undefined;
    const host = env.DOCKER_HOST ?? '';
    if (host !== '' && !host.startsWith('unix://'))
        return undefined;
    const config = env.DOCKER_CONFIG !== undefined && env.DOCKER_CONFIG !== '' ? env.DOCKER_CONFIG : (0,external_node_path_.join)((0,external_node_os_.homedir)(), '.docker');
    if (currentBuilder(config) !== undefined)
        return undefined;
    // the CLI's default context may point elsewhere: only its own default is read as the Engine's
    if (contextOf(config) !== undefined)
        return undefined;
    const socket = host === '' ? '/var/run/docker.sock' : host.slice('unix://'.length);
    try {
        return (0,external_node_fs_.statSync)(socket).isSocket() ? socket : undefined;
    }
    catch {
        return undefined;
    }
}
/** `buildx use <name>` writes buildx/current; a name other than the default's is another builder. */
function currentBuilder(config) {
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)((0,external_node_path_.join)(config, 'buildx', 'current'), 'utf8');
    }
    catch {
        return undefined;
    }
    const o = (0,json/* parseJson */.qF)(text);
    const name = (0,json/* isRecord */.u4)(o) && typeof o.Name === 'string' ? o.Name : '';
    return name === '' || name === ENGINE_BUILDER ? undefined : name;
}
/** `docker context use <name>` writes currentContext in config.json. */
function contextOf(config) {
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)((0,external_node_path_.join)(config, 'config.json'), 'utf8');
    }
    catch {
        return undefined;
    }
    const o = (0,json/* parseJson */.qF)(text);
    const name = (0,json/* isRecord */.u4)(o) && typeof o.currentContext === 'string' ? o.currentContext : '';
    return name === '' || name === 'default' ? undefined : name;
}
let http;
/**
 * node:http, loaded once: when asked (most runs read logs and never talk to the Engine), or ahead,
 * while a build runs, so that its 30 ms are not spent after the build (see Buildx.prepareDu).
 */
function loadHttp() {
    http ??= Promise.resolve(/* import() */).then(__nccwpck_require__.t.bind(__nccwpck_require__, 7067, 19));
    return http;
}
/** `GET /system/df?type=build-cache` over the socket, bounded by signal. */
async function engineDiskUsage(socket, signal) {
    const { request } = await loadHttp();
    return new Promise((resolve) => {
        const req = request({ socketPath: socket, path: '/system/df?type=build-cache', method: 'GET', signal, headers: { Host: 'docker' } }, (res) => {
            const chunks = [];
            let size = 0;
            res.on('data', (c) => {
                size += c.length;
                if (size > MAX_ANSWER) {
                    req.destroy(new Error(`the Engine's answer passed ${String(MAX_ANSWER)} bytes`));
                    return;
                }
                chunks.push(c);
            });
            res.on('end', () => {
                const text = Buffer.concat(chunks).toString('utf8');
                if (res.statusCode !== 200) {
                    resolve({ ok: false, message: `the Docker Engine answered ${String(res.statusCode)} to GET /system/df: ${text.trim().slice(0, 200)}` });
                    return;
                }
                const usage = parseEngineBuildCache(text);
                resolve(usage === undefined ? { ok: false, message: 'the Docker Engine answered GET /system/df with no BuildCache list' } : { ok: true, value: usage });
            });
            res.on('error', (e) => {
                resolve({ ok: false, message: `the Docker Engine's answer broke off: ${e.message}` });
            });
        });
        req.on('error', (e) => {
            resolve({ ok: false, message: signal.aborted ? 'the Docker Engine did not answer in time' : `the Docker Engine could not be asked: ${e.message}` });
        });
        req.end();
    });
}
/** The Engine's BuildCache list as `buildx du` reads it: reclaimable is what no build uses now. */
function parseEngineBuildCache(text) {
    const o = (0,json/* parseJson */.qF)(text);
    if (!(0,json/* isRecord */.u4)(o))
        return undefined;
    const list = o.BuildCache === null ? [] : o.BuildCache;
    if (!Array.isArray(list))
        return undefined;
    const records = [];
    for (const r of list) {
        if (!(0,json/* isRecord */.u4)(r) || typeof r.ID !== 'string')
            continue;
        // Engine 28 names the field " Parents" (a stray space in its JSON tag); older ones Parent
        const listed = r.Parents ?? r[' Parents'];
        const parents = Array.isArray(listed) ? listed : typeof r.Parent === 'string' && r.Parent !== '' ? [r.Parent] : [];
        records.push({
            id: r.ID,
            type: typeof r.Type === 'string' ? r.Type : '',
            size: typeof r.Size === 'number' && Number.isFinite(r.Size) && r.Size >= 0 ? r.Size : 0,
            description: typeof r.Description === 'string' ? r.Description : '',
            reclaimable: r.InUse !== true,
            shared: r.Shared === true,
            mutable: false,
            parents: parents.filter((p) => typeof p === 'string'),
            usageCount: typeof r.UsageCount === 'number' ? r.UsageCount : undefined,
            lastUsed: typeof r.LastUsedAt === 'string' ? r.LastUsedAt : undefined
        });
    }
    return { format: 'engine', records, totals: sum(records), totalsFrom: 'records' };
}

;// CONCATENATED MODULE: external "node:string_decoder"
const external_node_string_decoder_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:string_decoder");
;// CONCATENATED MODULE: ./lib/docker/history.js
// `docker buildx history` (buildx >= 0.20; `--format json` >= 0.21): the command runs in
// buildx.ts, these pure functions read what it prints.

function str(x) {
    return typeof x === 'string' ? x : '';
}
/** One JSON object per line; lines that are not records are skipped and counted. */
function parseHistoryLs(text) {
    const records = [];
    let skipped = 0;
    for (const line of text.split('\n')) {
        if (line.trim() === '')
            continue;
        const o = (0,json/* parseJson */.qF)(line);
        if (!(0,json/* isRecord */.u4)(o) || typeof o.ref !== 'string') {
            skipped++;
            continue;
        }
        records.push({ ref: o.ref, name: str(o.name), status: str(o.status), createdAt: (0,json/* timestamp */.vE)(o.created_at), completedAt: (0,json/* timestamp */.vE)(o.completed_at) });
    }
    return { records, skipped };
}
function parseInspect(text) {
    const o = (0,json/* parseJson */.qF)(text);
    if (!(0,json/* isRecord */.u4)(o) || typeof o.Ref !== 'string')
        return undefined;
    const error = (0,json/* isRecord */.u4)(o.Error) ? str(o.Error.Message) : str(o.Error);
    return {
        name: str(o.Name),
        ref: o.Ref,
        status: str(o.Status),
        error: error === '' ? undefined : error,
        startedAt: (0,json/* timestamp */.vE)(o.StartedAt),
        completedAt: (0,json/* timestamp */.vE)(o.CompletedAt),
        buildArgs: buildArgs(o.BuildArgs)
    };
}
/** `[{ "Name": "API_TOKEN", "Value": "…" }]`; absent when the build had none. */
function buildArgs(x) {
    if (!Array.isArray(x))
        return [];
    return x.filter(json/* isRecord */.u4).flatMap((a) => (typeof a.Name === 'string' ? [{ name: a.Name, value: str(a.Value) }] : []));
}
/** `builder/node/id` → its parts; a bare id has no builder. `logs` and `inspect` want the bare id (buildx 0.29). */
function splitRef(ref) {
    const parts = ref.trim().split('/');
    const id = parts.at(-1) ?? '';
    return { builder: parts.length === 3 ? parts[0] : undefined, id };
}
/** The ref in a `--metadata-file` or in docker/build-push-action's `metadata` output. */
function refFromMetadata(json) {
    if (!isRecord(json))
        return undefined;
    const ref = json['buildx.build.ref'];
    return typeof ref === 'string' && ref !== '' ? ref : undefined;
}
/** `github.com/docker/buildx v0.29.1 …` or `… 0.29.1+ds1 …` → [0, 29, 1]. */
function parseBuildxVersion(text) {
    const m = /\bv?(\d+)\.(\d+)\.(\d+)/.exec(text);
    return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}
function versionAtLeast(v, min) {
    for (let i = 0; i < 3; i++) {
        const a = v[i] ?? 0;
        const b = min[i] ?? 0;
        if (a !== b)
            return a > b;
    }
    return true;
}

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
const BLOCK = (/* unused pure expression or super */ null && (64 * 1024));
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

;// CONCATENATED MODULE: ./lib/progress/bytes.js

/**
 * The most bytes of one line (or of the text around rawjson objects) kept: enough that what they
 * decode to is longer than `MAX_LINE` units whenever bytes were dropped (a unit takes at most 3
 * bytes, a surrogate pair 4), so a line is cut where the string reader cut it.
 */
const KEEP = 4 * MAX_LINE;
/** Text pushed as strings (tests, callers that hold strings) as UTF-8, a surrogate pair never split between two chunks. */
class Utf8Encoder {
    high = '';
    encode(s) {
        if (this.high !== '') {
            s = this.high + s;
            this.high = '';
        }
        const last = s.charCodeAt(s.length - 1);
        if (last >= 0xd800 && last <= 0xdbff) {
            this.high = s.slice(-1);
            s = s.slice(0, -1);
        }
        return Buffer.from(s, 'utf8');
    }
    end() {
        const rest = Buffer.from(this.high, 'utf8');
        this.high = '';
        return rest;
    }
}
/**
 * The bytes of a line or of a piece of text that spans chunks: the pieces are copied (a reader
 * may fill the same buffer again), joined once when the line ends; past `KEEP` bytes they are
 * counted, not kept.
 */
class PendingBytes {
    pieces = [];
    length = 0;
    dropped = 0;
    add(chunk, start, end) {
        if (end <= start)
            return;
        const room = KEEP - this.length;
        if (room <= 0) {
            this.dropped += end - start;
            return;
        }
        if (end - start > room) {
            this.dropped += end - start - room;
            end = start + room;
        }
        this.pieces.push(Buffer.from(chunk.subarray(start, end)));
        this.length += end - start;
    }
    get empty() {
        return this.length === 0 && this.dropped === 0;
    }
    /** Everything kept, as one buffer. */
    peek() {
        if (this.pieces.length > 1)
            this.pieces = [Buffer.concat(this.pieces, this.length)];
        return this.pieces[0] ?? EMPTY;
    }
    /** Everything kept, as one buffer; empties it. */
    take() {
        const b = this.pieces.length === 1 ? (this.pieces[0] ?? EMPTY) : Buffer.concat(this.pieces, this.length);
        this.clear();
        return b;
    }
    clear() {
        this.pieces = [];
        this.length = 0;
        this.dropped = 0;
    }
}
const EMPTY = Buffer.alloc(0);
/**
 * A line's bytes as text, cut to its first `MAX_LINE` units as the string reader cut it;
 * `cut` says it was.
 */
function lineText(buf, start, end, dropped) {
    const text = buf.toString('utf8', start, end);
    if (dropped === 0 && text.length <= MAX_LINE)
        return { text, cut: false };
    return { text: text.slice(0, MAX_LINE), cut: true };
}
/** Counts one more long line (first: where the first one is). */
function countLong(long, at) {
    if (long) {
        long.count++;
        return long;
    }
    return { count: 1, first: at };
}
/**
 * Splits bytes into lines without making a string of any: each line is handed on as a range of
 * a buffer (its CR of a CRLF left out), with the bytes dropped past `KEEP` when it was longer. A
 * line inside one chunk is a view of that chunk; one that spans chunks is joined once, at its end.
 */
class ByteLines {
    onLine;
    pending = new PendingBytes();
    /** The last byte given of the pending line (a CR of a CRLF cut between chunks). */
    lastByte = -1;
    constructor(onLine) {
        this.onLine = onLine;
    }
    write(chunk) {
        let start = 0;
        const n = chunk.length;
        if (!this.pending.empty) {
            const nl = chunk.indexOf(10);
            if (nl < 0) {
                this.keep(chunk, 0, n);
                return;
            }
            this.keep(chunk, 0, nl);
            this.flush();
            start = nl + 1;
        }
        for (;;) {
            const nl = chunk.indexOf(10, start);
            if (nl < 0)
                break;
            this.onLine(chunk, start, nl > start && chunk[nl - 1] === 13 ? nl - 1 : nl, 0);
            start = nl + 1;
        }
        if (start < n)
            this.keep(chunk, start, n);
    }
    /** A last line without a newline is still a line. */
    end() {
        if (!this.pending.empty)
            this.flush();
    }
    keep(chunk, start, end) {
        if (end <= start)
            return;
        this.pending.add(chunk, start, end);
        this.lastByte = chunk[end - 1] ?? -1;
    }
    flush() {
        // The CR of a CRLF is not part of the line: not kept, and not what makes it too long.
        let dropped = this.pending.dropped;
        const cr = this.lastByte === 13;
        const line = this.pending.take();
        let end = line.length;
        if (cr) {
            if (dropped > 0)
                dropped--;
            else
                end--;
        }
        this.lastByte = -1;
        this.onLine(line, 0, end, dropped);
    }
}
/** Whether buf holds word at i, within the line that ends at end. */
function startsWith(buf, i, end, word) {
    if (end - i < word.length)
        return false;
    for (let k = 0; k < word.length; k++)
        if (buf[i + k] !== word[k])
            return false;
    return true;
}
/**
 * A character past ASCII that String.prototype.trim removes: U+00A0, U+1680, U+2000 to U+200A,
 * U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF.
 */
function isWideSpace(c) {
    return (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff);
}

;// CONCATENATED MODULE: ./lib/progress/boundaries.js
// Where one build ends and the next begins in a log that holds several. Plain progress marks it
// with `#0 building with ...` (buildx) or numbers that restart at `#1`; rawjson only by a new
// `load build definition` vertex. A `# syntax=` frontend loads the definition twice in one
// build, before any step, so a new definition only starts a build once the current one has done
// some work.
const DEFINITION = /^\[internal\] load (?:build definition from |local bake definitions)/;
function isBuildDefinition(name) {
    // asked of every vertex a rawjson log sends: a prefix is compared before a match is made
    return name.startsWith('[internal] load ') && DEFINITION.test(name);
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
    /** Builds handed out by take(). */
    taken = 0;
    current;
    byKey = new Map();
    /** Text kept of the current build's errors and warnings (UTF-16 units). */
    errorUnits = 0;
    warningUnits = 0;
    constructor(file, format, 
    /** Plain progress prints a vertex only once it has started; rawjson announces it before. */
    startedWhenSeen) {
        this.file = file;
        this.format = format;
        this.startedWhenSeen = startedWhenSeen;
    }
    /** Builds read so far, those taken included. */
    get count() {
        return this.taken + this.builds.length;
    }
    /**
     * The builds no line can change any more, handed out once: every one but the last (a parser
     * only ever adds to the current build, and a new one starts only after it).
     */
    take() {
        if (this.builds.length < 2)
            return [];
        const done = this.builds.splice(0, this.builds.length - 1);
        this.taken += done.length;
        return done;
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
            this.errorUnits = 0;
            this.warningUnits = 0;
        }
        return this.current;
    }
    has(key) {
        return this.current !== undefined && this.byKey.has(key);
    }
    peek(key) {
        return this.current === undefined ? undefined : this.byKey.get(key);
    }
    /**
     * The vertex of that key in the current build, made when first seen. `owned`: key and name hold
     * no larger text (plain progress decodes each line by itself; JSON.parse copies every string),
     * so they are kept as they are.
     */
    vertex(key, name, owned = false) {
        const b = this.build();
        let v = this.byKey.get(key);
        if (!v) {
            v = {
                key: owned ? key : own(key),
                name: owned ? (name ?? '') : own(name ?? ''),
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
    /**
     * A `pushing layers` / `pushing manifest for <ref>` status of an export, once it is done: its
     * interval (rawjson) or the figure it ends with (plain, `pushing layers 0.5s done`). The same
     * status re-sent with the same start is counted once.
     */
    pushed(v, interval, seconds) {
        const push = (v.push ??= { intervals: [], seconds: 0 });
        if (interval) {
            if (push.intervals.some(([a]) => a === interval[0]))
                return;
            push.intervals.push(interval);
        }
        push.seconds += seconds;
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
    /**
     * A client error of the current build, kept whole (its status and a failed cache export are
     * read from its text, and a secret in it is redacted only once it is whole): the first ones
     * while they fit NOTES_KEPT, and the last always, in the last place.
     */
    error(message) {
        const b = this.build();
        const m = own(message);
        const n = b.errors.length;
        if (n === 0 || (n < ERRORS_KEPT && this.errorUnits + m.length <= NOTES_KEPT)) {
            b.errors.push(m);
            this.errorUnits += m.length;
            return;
        }
        this.errorUnits += m.length - (b.errors[n - 1]?.length ?? 0);
        b.errors[n - 1] = m;
        b.errorsLeftOut = (b.errorsLeftOut ?? 0) + 1;
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
    /** A warning of the current build, kept whole while they fit WARNINGS_KEPT and NOTES_KEPT, else counted. */
    warning(message) {
        const b = this.build();
        if (b.warnings.length < WARNINGS_KEPT && this.warningUnits + message.length <= NOTES_KEPT) {
            b.warnings.push(own(message));
            this.warningUnits += message.length;
        }
        else {
            b.warningsLeftOut = (b.warningsLeftOut ?? 0) + 1;
        }
    }
}
// A build's errors and warnings are lines of the client's, and in a job log any line a later
// command of the same step prints (`WARNING: ...` by the thousand): what a build keeps of them is
// bounded, as its vertexes are by the log. A bake prints an error for each target that failed.
const ERRORS_KEPT = 100;
const WARNINGS_KEPT = 100;
/**
 * The most text (UTF-16 units) a build keeps of its errors, and of its warnings: a line can be
 * 1 MiB. Each is kept whole, never cut: a cut one could hold part of a secret the redactor,
 * which runs later, would no longer know.
 */
const NOTES_KEPT = 256 * 1024;
/**
 * A copy of s that does not hold on to the text it was cut from: a slice of a 1 MiB chunk keeps
 * the whole chunk alive, and a log's builds keep their names for as long as the report is made.
 * Concatenating makes V8 write a new flat string; slices under 13 units are copies already.
 */
function own(s) {
    return s.length < 13 ? s : (' ' + s).slice(1);
}

// EXTERNAL MODULE: ./lib/problems.js
var problems = __nccwpck_require__(5451);
;// CONCATENATED MODULE: ./lib/progress/plain.js





// Every line of a vertex begins with `#<n> `: its header (`#12 [build 2/3] RUN make`), status
// lines, output lines (`#12 0.088 text`), and `CACHED` / `DONE 1.2s` / `ERROR: ...` / `CANCELED`.
// A layer download in a FROM or a lazily pulled cached step: `sha256:… 12.58MB / 34.44MB 0.8s`.
const LAYER_PROGRESS = /^(?:extracting )?sha256:[0-9a-f]{12,}(?: [\d.]+[kMG]?B \/ [\d.]+[kMG]?B| [\d.]+s)/;
/** A status line is told by its first letter before a match is made of it: most are not a layer's. */
function isLayerProgress(rest) {
    const c = rest.charCodeAt(0);
    return (c === 115 /* s */ || c === 101) /* e */ && LAYER_PROGRESS.test(rest);
}
const OLD_ENGINE_DIGEST = /^sha256:[0-9a-f]{64}$/;
// An image export's push, once done: `pushing layers 0.5s done`, `pushing manifest for <ref>@sha256:... 0.0s done`.
const PUSH_DONE = /^pushing (?:layers|manifest for \S+)(?: (\d+(?:\.\d+)?)s)? done$/;
/** Lines that could not be read before a log is said to be damaged: a stray one is not worth a warning. */
const UNREADABLE_MIN = 10;
/** ... or this share of the lines (percent), when at least two. */
const UNREADABLE_SHARE = 1;
/**
 * Reads BuildKit plain progress (`--progress=plain`, `docker buildx history logs`, and the
 * Docker 20.10 engine's format) a chunk of bytes at a time. Output lines (`#12 0.088 text`), most
 * of a log's bytes, are read on the bytes for their figure and never made strings; every other
 * line is decoded and read as text.
 */
class PlainParser {
    file;
    collector;
    lines;
    encoder = new Utf8Encoder();
    problems = [];
    /** Lines cut to `MAX_LINE`. */
    long;
    /** Old engine: `#N sha256:<digest>` of each vertex key, to tell a re-print from a new build. */
    digests = new Map();
    sawTrailer = false;
    lineNo = 0;
    /** Lines of BuildKit's that could not be read (damaged, or a status of a vertex never named), and the first one's number. */
    unreadable = 0;
    firstUnreadable = 0;
    /** Job logs: when the line being read was written (ms since the epoch), from the runner's timestamp. */
    now;
    /** Job logs: when `#0 building with ...` was written, the start of a build not yet begun. */
    buildStart;
    constructor(file) {
        this.file = file;
        this.collector = new BuildCollector(file, 'plain', true);
        this.lines = new ByteLines((buf, start, end, dropped) => {
            this.lineNo++;
            if (dropped === 0 && end - start <= MAX_LINE && this.fastLine(buf, start, end))
                return;
            const { text, cut } = lineText(buf, start, end, dropped);
            if (cut)
                this.long = countLong(this.long, this.lineNo);
            // Some log collectors leave trailing spaces, CRs or NULs: `#5 CACHED \r` is still CACHED.
            // Cut before the prefix is looked for, so that two trailing tabs are not a `gh run view` prefix.
            this.line(stripLinePrefix(trimControl(text)));
        });
    }
    write(chunk) {
        this.lines.write(chunk);
    }
    push(chunk) {
        this.lines.write(this.encoder.encode(chunk));
    }
    /** A decoded line of a job log (its prefix cut) with the time it was written: vertexes and builds get real times. */
    timedLine(text, at, lineNo) {
        this.lineNo = lineNo;
        this.now = at;
        this.line(stripLinePrefix(trimControl(text.length > MAX_LINE ? text.slice(0, MAX_LINE) : text)));
        this.now = undefined;
    }
    /** A job log's line on its bytes (see TimedParser.timedBytes): the lines fastLine reads, with their time. */
    timedBytes(buf, start, end, at, lineNo) {
        this.now = at;
        const read = this.fastLine(buf, start, end);
        this.now = undefined;
        // a line not read here is not counted: the text path reads it, or another step's parser
        if (read)
            this.lineNo = lineNo;
        return read;
    }
    take() {
        return this.collector.take();
    }
    end() {
        this.lines.write(this.encoder.end());
        this.lines.end();
        const long = this.long;
        if (long) {
            this.problems.push((0,problems/* problem */.CC)('line-too-long', tooLong(long.count, 'line', MAX_LINE, true), { file: this.file, line: long.first }));
        }
        const builds = this.collector.builds;
        // With no build read, `no-builds` says it all.
        const n = this.unreadable;
        if (this.collector.count > 0 && (n >= UNREADABLE_MIN || (n >= 2 && n * 100 > this.lineNo * UNREADABLE_SHARE))) {
            this.problems.push((0,problems/* problem */.CC)('lines-unreadable', `${n} of ${this.lineNo} lines could not be read as BuildKit progress (damaged or cut log?); the counts may be short`, {
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
            this.stamp(key);
            return;
        }
        if (key === '#0') {
            if (rest.startsWith('building with ')) {
                this.collector.newBuild();
                this.buildStart = this.now;
            }
            this.sawTrailer = false;
            this.digests = new Map();
            return;
        }
        if (rest.includes('\0') || rest.includes('\ufffd'))
            this.unread();
        this.vertexLine(key, rest);
        this.stamp(key);
    }
    /**
     * Job logs: a vertex began its DONE figure before its DONE line, and BuildKit holds lines back a
     * little (its header can be printed after the vertex began): the earlier of the two is its start,
     * and its build's, so that a stage's wall span is never shorter than its longest step.
     */
    doneAt(v, secs) {
        const at = this.now;
        const b = this.collector.active;
        if (at === undefined || !b)
            return;
        const start = at - secs * 1000;
        v.at = v.at ? [Math.min(v.at[0], start), Math.max(v.at[1], at)] : [start, at];
        if (b.span)
            b.span = [Math.min(b.span[0], start), b.span[1]];
    }
    /** Job logs: the line's time goes to its vertex (first and last line) and to its build (first and last line of BuildKit's). */
    stamp(key) {
        const at = this.now;
        if (at === undefined)
            return;
        if (key !== undefined) {
            const v = this.collector.peek(key);
            if (v)
                v.at = v.at ? [Math.min(v.at[0], at), Math.max(v.at[1], at)] : [at, at];
        }
        const b = this.collector.active;
        if (!b)
            return;
        const start = Math.min(this.buildStart ?? at, at);
        this.buildStart = undefined;
        b.span = b.span ? [Math.min(b.span[0], start), Math.max(b.span[1], at)] : [start, at];
    }
    outputLine(key, rest) {
        const known = this.collector.peek(key);
        if (known)
            this.elapsed(known, Number.parseFloat(rest));
    }
    elapsed(known, secs) {
        // max, not last: a parallel step's output can be held back and printed later as a block
        if (plausible(secs) && (known.elapsed === undefined || secs > known.elapsed))
            known.elapsed = secs;
    }
    /**
     * The lines that are most of a log, read on their bytes with no string made, exactly as the
     * text path reads them: an output line (`#12 0.088 text`: its figure), `#12 CACHED`,
     * `#12 DONE 1.2s` (NULs before them and blanks after them allowed), and an empty line. False
     * for any other line, and for the rare one better read as text (`#012`, a long figure, a
     * status of a vertex never named, `#0`).
     */
    fastLine(buf, start, end) {
        if (start === end)
            return true;
        let i = start;
        while (i < end && buf[i] === 0)
            i++;
        if (buf[i] !== 35 /* # */)
            return false;
        const d0 = ++i;
        let n = 0;
        for (let c = buf[i] ?? 0; i < end && c >= 48 && c <= 57; c = buf[++i] ?? 0)
            n = n * 10 + c - 48;
        const digits = i - d0;
        if (digits === 0 || digits > 9 || (digits > 1 && buf[d0] === 48) || buf[i] !== 32)
            return false;
        const c = buf[++i] ?? 0;
        if (isDigit(c)) {
            const figure = readFigure(buf, i, end);
            // what follows the figure: a space, or only the blanks and controls trimControl cuts
            if (figure.end < end && buf[figure.end] !== 32 && !blankTo(buf, figure.end, end))
                return false;
            const key = vertexKey(n);
            const known = this.collector.peek(key);
            if (known)
                this.elapsed(known, figure.value ?? Number.parseFloat(buf.toString('latin1', i, figure.end)));
            if (this.now !== undefined)
                this.stamp(key);
            return true;
        }
        if (n === 0)
            return false;
        if (c === 67 /* C */ && startsWith(buf, i, end, CACHED) && blankTo(buf, i + CACHED.length, end)) {
            const key = vertexKey(n);
            const known = this.collector.peek(key);
            if (!known)
                return false;
            known.cached = true;
            if (this.now !== undefined)
                this.stamp(key);
            return true;
        }
        if (c === 68 /* D */ && startsWith(buf, i, end, DONE_) && isDigit(buf[i + DONE_.length] ?? 0)) {
            const figure = readFigure(buf, i + DONE_.length, end);
            // `DONE 1.2s` as DONE_TIME reads it: one dot at most, a digit after it, an `s`, then blanks
            if (figure.dots > 1 || figure.value === undefined || buf[figure.end - 1] === 46 || buf[figure.end] !== 115 /* s */)
                return false;
            if (!blankTo(buf, figure.end + 1, end))
                return false;
            const key = vertexKey(n);
            const known = this.collector.peek(key);
            if (!known)
                return false;
            known.done = true;
            const secs = figure.value;
            if (plausible(secs) && (known.seconds === undefined || secs > known.seconds))
                known.seconds = secs;
            if (this.now !== undefined) {
                if (plausible(secs))
                    this.doneAt(known, secs);
                this.stamp(key);
            }
            return true;
        }
        return false;
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
            // cut from this line's own string (each line is decoded by itself): no copy needed
            else
                collector.vertex(key, rest, true);
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
            // a signed figure (`-0.4s`) or an exponent (`1e308s`) is damage, not a time
            const secs = DONE_TIME.test(figure) ? Number.parseFloat(figure) : Number.NaN;
            if (plausible(secs) && (known.seconds === undefined || secs > known.seconds))
                known.seconds = secs;
            if (plausible(secs))
                this.doneAt(known, secs);
        }
        else if (rest === 'CANCELED') {
            known.canceled = true;
        }
        else if (rest.startsWith('ERROR')) {
            known.error = rest.replace(/^ERROR:? ?/, '') || 'error';
        }
        else if (rest.length === 71 && OLD_ENGINE_DIGEST.test(rest)) {
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
        else if (isLayerProgress(rest)) {
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
        else if (rest.startsWith('pushing ')) {
            // printed twice, when it starts and when it is done: the time is on the second
            const m = PUSH_DONE.exec(rest);
            if (m)
                collector.pushed(known, undefined, m[1] === undefined ? 0 : Number.parseFloat(m[1]));
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
            if (collector.count > 0) {
                collector.error(line.slice(6).trim());
                this.stamp(undefined);
            }
            this.sawTrailer = true;
        }
        else if (line.startsWith('WARNING: ') || / warnings? found \(use /.test(line)) {
            if (this.collector.active)
                this.collector.warning(line);
        }
    }
}
const CACHED = Buffer.from('CACHED');
const DONE_ = Buffer.from('DONE ');
/** Nothing but what trimControl cuts (blanks, CRs, NULs) from i to the line's end. */
function blankTo(buf, i, end) {
    for (; i < end; i++)
        if ((buf[i] ?? 0) > 32)
            return false;
    return true;
}
/**
 * Digits and dots from i, as isOutputLine reads a figure: where they end, how many dots, and
 * the value parseFloat gives them (digits[.digits]) where it is exact: m / 10^k is the correctly
 * rounded value of the decimal, as parseFloat's, while both are exact doubles.
 */
function readFigure(buf, i, end) {
    let m = 0;
    let scale = 1;
    let dots = 0;
    for (; i < end; i++) {
        const c = buf[i] ?? 0;
        if (c >= 48 && c <= 57) {
            if (dots > 1)
                continue;
            m = m * 10 + c - 48;
            if (dots === 1)
                scale *= 10;
        }
        else if (c === 46) {
            dots++;
        }
        else {
            break;
        }
    }
    return { end: i, dots, value: m <= Number.MAX_SAFE_INTEGER && scale <= 1e22 ? m / scale : undefined };
}
/** `#12`, made once per number: an output line's key is looked up without a new string. */
const KEYS = [];
function vertexKey(n) {
    if (n >= 4096)
        return `#${n}`;
    return (KEYS[n] ??= `#${n}`);
}
/** A step's seconds: finite, and shorter than any job can run (35 days), so that sums stay finite. */
function plausible(secs) {
    return Number.isFinite(secs) && secs >= 0 && secs <= 35 * 24 * 3600;
}
/** `DONE 1.2s`'s figure as BuildKit prints it. */
const DONE_TIME = /^\d+(?:\.\d+)?s$/;
const STATUS_WORD = /^(?:CACHED|DONE|CANCELED)/;
function isStatusWord(rest) {
    const c = rest.charCodeAt(0);
    // C, D, E: a status line's first letter is looked at before a match is made of it
    if (c < 67 || c > 69)
        return false;
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
// `resolve image config for docker-image://...` is a vertex; `resolve docker.io/...@sha256:... done` is a
// status line of a FROM, which buildx 0.29 on the containerd store can print as `#1` (a cached FROM first).
function looksLikeHeader(rest) {
    return rest.startsWith('[') || rest.startsWith('FROM ') || rest.startsWith('load ') || rest.startsWith('resolve image config ');
}

;// CONCATENATED MODULE: ./lib/progress/json-objects.js

/**
 * The largest SolveStatus object kept (bytes): real ones carrying `logs` reach a few MB, so this
 * only stops a runaway or hostile object from taking the memory with it.
 */
const MAX_OBJECT = 64 << 20;
/** No byte other than blanks since the line began or the last object closed. */
const NONE = -1;
/** A byte of a multi-byte character: whether it is a blank (U+00A0, U+FEFF, ...) is told by decoding. */
const WIDE = -2;
const CLOSE = 125; // }
/** Not in a key string. */
const NOT_KEY = -2;
const LOGS = Buffer.from('logs');
const json_objects_EMPTY = Buffer.alloc(0);
/** The line that closes an indented object: `}` alone. */
const INDENTED_CLOSE = Buffer.from('\n}');
/** A line of step output, as buildx writes one: `{"logs":[{...},{...}]}`. */
const LOGS_LINE = Buffer.from('{"logs":[');
/** Lines that did not parse as one object before the whole-line path is left to the byte scan for good. */
const LINE_MISSES = 2;
/**
 * Splits a stream of bytes into top-level JSON objects by structure, not by lines: buildx 0.13
 * indents them over many lines, newer buildx prints one per line, and `docker buildx history
 * logs --progress rawjson` concatenates them with nothing between. Text outside objects (the
 * plain error block printed after the last object of a failed build) is handed over line by line.
 *
 * Each chunk is scanned once, where the last one left off; an object is copied piece by piece
 * and joined once, when it closes, and decoded only if it is to be parsed: with `skipLogs`,
 * an object whose only top-level key is `logs` (step output, the bulk of a log, which nothing
 * counted reads) is passed over without being decoded. Time is linear in the bytes, memory
 * bounded by `MAX_OBJECT` and the longest line kept.
 */
class JsonObjectSplitter {
    onObject;
    onText;
    skipLogs;
    onParsed;
    /** Offset in the whole stream of the next chunk's first byte, for problem positions. */
    offset = 0;
    // outside an object
    line = new PendingBytes();
    lineStart = 0;
    /** The last non-blank byte of the line since it began or the last object closed, NONE or WIDE. */
    last = NONE;
    /** A `{` in this line did not open an object (a Dockerfile excerpt's `${VAR}`): the rest of the line is text. */
    textLine = false;
    // inside an object
    inObject = false;
    object = [];
    objectLength = 0;
    objectStart = 0;
    depth = 0;
    /** `[` open directly in the top-level object: a string there is no key. */
    arrays = 0;
    inString = false;
    /** A backslash in a string ended the last chunk: the next byte is escaped. */
    escape = false;
    /** The next string directly in the top-level object is a key. */
    keyNext = false;
    /** A key string is being read: how many of its bytes matched `logs`, or -1 once one did not. */
    key = -2;
    /** Every top-level key so far was `logs`. */
    onlyLogs = true;
    /** Next `"` and `\` from where the string scan stands, found natively and kept until passed. */
    quote = -1;
    slash = -1;
    /** Text lines cut to `MAX_LINE` (`first` is the stream offset of the first). */
    long;
    /** Objects over `MAX_OBJECT`, skipped (`first` is the stream offset of the first). */
    large;
    /** Whole lines that began with `{` and did not parse as one object (`}{`, buildx 0.13's indented objects). */
    lineMisses = 0;
    /** Indented objects that did not parse as one up to their first `}` alone on a line. */
    indentedMisses = 0;
    /** Where in this chunk a search found no `}` alone on a line after it (-1: none failed). */
    noCloseFrom = -1;
    constructor(onObject, onText, skipLogs = false, 
    /**
     * Given, a line that is one whole object (buildx 0.14 and later print one a line) is parsed
     * as it stands, not scanned byte by byte, and handed on parsed.
     */
    onParsed) {
        this.onObject = onObject;
        this.onText = onText;
        this.skipLogs = skipLogs;
        this.onParsed = onParsed;
    }
    write(chunk) {
        let i = 0;
        this.quote = -1;
        this.slash = -1;
        this.noCloseFrom = -1;
        while (i < chunk.length)
            i = this.inObject ? this.scanObject(chunk, i) : this.scanText(chunk, i);
        this.offset += chunk.length;
    }
    end() {
        if (this.inObject) {
            // A truncated object: hand it on, whatever it holds, so that the parser reports it.
            this.onlyLogs = false;
            this.closeObject(json_objects_EMPTY, 0, 0);
        }
        else {
            this.endLine();
        }
    }
    /**
     * A line that is one object, whole in this chunk, from its first byte: parsed as it stands. What
     * parses as one object is what the byte scan would have split; what does not is left to the scan,
     * which splits `}{` and says what is damaged. Returns where to go on, or -1 for the scan.
     */
    wholeLine(chunk, i) {
        if (this.lineMisses >= LINE_MISSES)
            return -1;
        const nl = chunk.indexOf(10, i);
        if (nl < 0)
            return -1;
        let end = nl;
        if (chunk[end - 1] === 13)
            end--;
        if (chunk[end - 1] !== CLOSE || end - i > MAX_OBJECT)
            return -1;
        // step output: the scan passes over it without decoding, and finds a damaged one (a parse would not be tried)
        if (this.skipLogs && startsWith(chunk, i, end, LOGS_LINE))
            return -1;
        if (!this.handOnWhole(chunk, i, end)) {
            // `{...}{...}` (history logs) or damage: the scan splits it, or says what is wrong
            if (++this.lineMisses >= LINE_MISSES)
                this.lineMisses = Number.POSITIVE_INFINITY;
            return -1;
        }
        this.lineStart = this.offset + nl + 1;
        return nl + 1;
    }
    /** chunk[i, end) parsed and handed on when it is one JSON object (it starts with `{`: it is one or none). */
    handOnWhole(chunk, i, end) {
        let value;
        try {
            value = JSON.parse(chunk.toString('utf8', i, end));
        }
        catch {
            return false;
        }
        this.onParsed?.(value, this.offset + i);
        return true;
    }
    /**
     * An indented object (buildx 0.13): `{` alone on its line, up to the first line that is `}` alone,
     * whole in this chunk. What parses as one object there is what the byte scan would have split (a
     * JSON string holds no raw newline, so that `}` closes the object or the text is no one object);
     * what does not is left to the scan. Returns where to go on, or -1 for the scan.
     */
    wholeIndented(chunk, i) {
        if (this.indentedMisses >= LINE_MISSES || (this.noCloseFrom >= 0 && i >= this.noCloseFrom))
            return -1;
        let close = chunk.indexOf(INDENTED_CLOSE, i);
        // `}` alone: then a newline, a CRLF, or the end of what was written so far is not known yet
        while (close >= 0 && !(chunk[close + 2] === 10 || (chunk[close + 2] === 13 && chunk[close + 3] === 10)))
            close = chunk.indexOf(INDENTED_CLOSE, close + 2);
        if (close < 0) {
            // none from here to the chunk's end: not looked for again in this chunk, or each `{` would search to it
            this.noCloseFrom = i;
            return -1;
        }
        if (close + 2 - i > MAX_OBJECT)
            return -1;
        const end = close + 2;
        if (!this.handOnWhole(chunk, i, end)) {
            if (++this.indentedMisses >= LINE_MISSES)
                this.indentedMisses = Number.POSITIVE_INFINITY;
            return -1;
        }
        const nl = chunk.indexOf(10, end);
        this.lineStart = this.offset + nl + 1;
        return nl + 1;
    }
    /** Text from i: up to a newline, or up to a `{` that opens an object; returns where to go on. */
    scanText(chunk, i) {
        const n = chunk.length;
        if (chunk[i] === 123 && this.onParsed && this.last === NONE && !this.textLine && this.line.empty) {
            const alone = chunk[i + 1] === 10 || (chunk[i + 1] === 13 && chunk[i + 2] === 10);
            const next = alone ? this.wholeIndented(chunk, i) : this.wholeLine(chunk, i);
            if (next >= 0)
                return next;
        }
        let j = i;
        let last = this.last;
        if (this.textLine) {
            j = chunk.indexOf(10, i);
            if (j < 0)
                j = n;
        }
        else {
            for (; j < n; j++) {
                const c = chunk[j] ?? 0;
                if (c === 10 || c === 123)
                    break;
                if (c >= 0x80)
                    last = WIDE;
                else if (!(c === 32 || c === 0 || (c >= 9 && c <= 13)))
                    last = c;
            }
            this.last = last;
        }
        if (j === n) {
            this.line.add(chunk, i, j);
            return j;
        }
        if (chunk[j] === 10) {
            this.line.add(chunk, i, j);
            this.endLine();
            this.lineStart = this.offset + j + 1;
            return j + 1;
        }
        // Only whole lines of text are text: `{` opens an object where the line holds nothing but
        // blanks before it (or the end of the previous object, `}{`), and nowhere else in a text line.
        this.line.add(chunk, i, j);
        if (last === WIDE)
            last = lastMark(this.line.peek());
        if (last !== NONE && last !== CLOSE) {
            this.textLine = true;
            this.line.add(chunk, j, j + 1);
            return j + 1;
        }
        this.line.clear();
        this.inObject = true;
        this.object = [];
        this.objectLength = 0;
        this.objectStart = this.offset + j;
        this.depth = 0;
        this.arrays = 0;
        this.inString = false;
        this.escape = false;
        this.keyNext = false;
        this.key = NOT_KEY;
        this.onlyLogs = true;
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
        let end = -1;
        while (i < n) {
            if (this.inString) {
                if (this.quote < i)
                    this.quote = indexOrEnd(chunk, 34, i);
                if (this.slash < i)
                    this.slash = indexOrEnd(chunk, 92, i);
                if (this.slash < this.quote) {
                    // an escape in a key: not plain `logs`, and the object is parsed
                    if (this.key !== NOT_KEY)
                        this.key = -1;
                    if (this.slash + 1 >= n) {
                        this.escape = true;
                        i = n;
                    }
                    else {
                        i = this.slash + 2;
                    }
                    continue;
                }
                if (this.key !== NOT_KEY)
                    this.keyBytes(chunk, i, this.quote);
                if (this.quote === n)
                    break;
                if (this.key !== NOT_KEY) {
                    if (this.key !== LOGS.length)
                        this.onlyLogs = false;
                    this.key = NOT_KEY;
                }
                this.inString = false;
                i = this.quote + 1;
                continue;
            }
            const c = chunk[i++] ?? 0;
            if (c === 34 /* " */) {
                this.inString = true;
                if (this.keyNext && this.depth === 1 && this.arrays === 0) {
                    this.keyNext = false;
                    this.key = 0;
                }
            }
            else if (c === 123 /* { */) {
                if (++this.depth === 1)
                    this.keyNext = true;
            }
            else if (c === 125 /* } */) {
                if (--this.depth === 0) {
                    end = i;
                    break;
                }
            }
            else if (this.depth === 1) {
                if (c === 44 /* , */ && this.arrays === 0)
                    this.keyNext = true;
                else if (c === 91 /* [ */)
                    this.arrays++;
                else if (c === 93 /* ] */)
                    this.arrays--;
            }
        }
        if (end < 0) {
            this.addObject(chunk, from, n);
            return n;
        }
        this.closeObject(chunk, from, end);
        this.lineStart = this.offset + end;
        return end;
    }
    /** Bytes of a top-level key, wherever the chunks cut it: matched against `logs`. */
    keyBytes(chunk, from, to) {
        let k = this.key;
        for (let i = from; i < to && k >= 0; i++)
            k = k < LOGS.length && chunk[i] === LOGS[k] ? k + 1 : -1;
        this.key = k;
    }
    addObject(chunk, from, to) {
        const size = to - from;
        if (size <= 0)
            return;
        this.objectLength += size;
        // over the cap it will be skipped: what was kept is let go of now, not when it closes
        if (this.objectLength > MAX_OBJECT)
            this.object = [];
        else
            this.object.push(Buffer.from(chunk.subarray(from, to)));
    }
    /** The object ends with chunk[from, to): one held in a single chunk is decoded from it, never copied. */
    closeObject(chunk, from, to) {
        this.inObject = false;
        this.last = NONE;
        this.textLine = false;
        const whole = this.object.length === 0 && this.objectLength === 0;
        this.objectLength += to - from;
        if (this.objectLength > MAX_OBJECT) {
            this.object = [];
            this.large = countLong(this.large, this.objectStart);
            return;
        }
        if (this.skipLogs && this.onlyLogs) {
            this.object = [];
            return;
        }
        if (whole) {
            this.onObject(chunk.toString('utf8', from, to), this.objectStart);
            return;
        }
        if (to > from)
            this.object.push(chunk.subarray(from, to));
        const json = Buffer.concat(this.object, this.objectLength).toString('utf8');
        this.object = [];
        this.onObject(json, this.objectStart);
    }
    endLine() {
        const dropped = this.line.dropped;
        const bytes = this.line.take();
        this.last = NONE;
        this.textLine = false;
        let end = bytes.length;
        if (end > 0 && bytes[end - 1] === 13 && dropped === 0)
            end--;
        const { text, cut } = lineText(bytes, 0, end, dropped);
        if (cut)
            this.long = countLong(this.long, this.lineStart);
        if (text.trim() !== '')
            this.onText(text);
    }
}
function indexOrEnd(chunk, c, from) {
    const at = chunk.indexOf(c, from);
    return at < 0 ? chunk.length : at;
}
/** The last unit of the text that is not blank, or NONE: what stands before a `{`. */
function lastMark(bytes) {
    const s = bytes.toString('utf8');
    for (let k = s.length - 1; k >= 0; k--) {
        const c = s.charCodeAt(k);
        if (!isBlank(c))
            return c;
    }
    return NONE;
}
/** What String.prototype.trim removes, and NUL (padding some log collectors write). */
function isBlank(c) {
    if (c <= 32)
        return c === 32 || c === 0 || (c >= 9 && c <= 13);
    return isWideSpace(c);
}

;// CONCATENATED MODULE: ./lib/progress/rawjson.js







/** An image export's statuses while it pushes (Docker 28.5 / buildx 0.29, fixtures `timeline/`). */
const PUSH = /^pushing (?:layers$|manifest for )/;
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
    /** Objects that are not JSON, and values that are not SolveStatus objects: the first told, the rest counted. */
    invalid;
    unexpected;
    encoder = new Utf8Encoder();
    /** Job logs: when the line being read was written (ms since the epoch). */
    now;
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
        }, 
        // step output is read only when someone prints it
        onStatus === undefined, (value, offset) => {
            this.value(value, offset);
        });
    }
    write(chunk) {
        this.splitter.write(chunk);
    }
    push(chunk) {
        this.splitter.write(this.encoder.encode(chunk));
    }
    /**
     * A decoded line of a job log (its prefix cut) with the time it was written. The objects carry
     * their own times, but a vertex cached from an earlier build of the same builder keeps that
     * build's (a FROM started 2 s before this build began, seen with buildx 0.29): the build's wall
     * time is its lines' span, as in plain progress.
     */
    timedLine(text, at) {
        this.now = at;
        this.push(`${text}\n`);
        this.now = undefined;
    }
    end() {
        this.splitter.write(this.encoder.end());
        this.splitter.end();
        const { large, long } = this.splitter;
        if (large)
            this.problems.push((0,problems/* problem */.CC)('json-too-large', tooLong(large.count, 'JSON object', MAX_OBJECT, false), { file: this.file, line: large.first }));
        if (long)
            this.problems.push((0,problems/* problem */.CC)('line-too-long', tooLong(long.count, 'line', MAX_LINE, true), { file: this.file, line: long.first }));
        for (const t of [this.invalid, this.unexpected])
            if (t && t.count > 1)
                t.first.message += `, and ${t.count - 1} more like it after it`;
        this.flushIntervals();
        return started(this.collector.builds);
    }
    take() {
        return started(this.collector.take());
    }
    object(json, offset) {
        let status;
        try {
            status = JSON.parse(json);
        }
        catch {
            this.invalid = this.told(this.invalid, () => (0,problems/* problem */.CC)('json-invalid', `not a JSON object (${json.length} characters starting ${JSON.stringify(json.slice(0, 40))})`, {
                file: this.file,
                line: offset
            }));
            return;
        }
        this.value(status, offset);
    }
    value(status, offset) {
        if (!(0,json/* isRecord */.u4)(status)) {
            this.unexpected = this.told(this.unexpected, () => (0,problems/* problem */.CC)('json-unexpected', 'a JSON value that is not a SolveStatus object', { file: this.file, line: offset }));
            return;
        }
        this.onStatus?.(status);
        const { vertexes, statuses, warnings } = status;
        if (Array.isArray(vertexes))
            for (const v of vertexes)
                if ((0,json/* isRecord */.u4)(v))
                    this.vertex(v);
        if (Array.isArray(statuses))
            for (const s of statuses)
                if ((0,json/* isRecord */.u4)(s))
                    this.status(s);
        if (Array.isArray(warnings))
            for (const w of warnings)
                if ((0,json/* isRecord */.u4)(w))
                    this.warning(w);
        const b = this.collector.active;
        const at = this.now;
        if (b && at !== undefined && (Array.isArray(vertexes) || Array.isArray(statuses)))
            b.span = b.span ? [Math.min(b.span[0], at), Math.max(b.span[1], at)] : [at, at];
    }
    vertex(v) {
        const digest = v.digest;
        if (typeof digest !== 'string')
            return;
        const name = typeof v.name === 'string' ? v.name : '';
        const collector = this.collector;
        // the name first: a digest is looked up only for a build's definition vertex
        if (isBuildDefinition(name) && !collector.has(digest) && this.currentHasWork())
            this.nextBuild();
        const vx = collector.vertex(digest, name, true);
        if (v.cached === true)
            vx.cached = true;
        if (vx.inputs === undefined && Array.isArray(v.inputs) && v.inputs.length > 0)
            vx.inputs = v.inputs.filter((d) => typeof d === 'string');
        const started = (0,json/* timestamp */.vE)(v.started);
        const completed = (0,json/* timestamp */.vE)(v.completed);
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
        if (vx && PUSH.test(id)) {
            const started = (0,json/* timestamp */.vE)(s.started);
            const completed = (0,json/* timestamp */.vE)(s.completed);
            if (started !== undefined && completed !== undefined && completed >= started)
                this.collector.pushed(vx, [started, completed], (completed - started) / 1000);
        }
    }
    warning(w) {
        if (typeof w.short !== 'string')
            return;
        const text = Buffer.from(w.short, 'base64').toString('utf8').trim();
        if (text !== '' && this.collector.active)
            this.collector.warning(text);
    }
    /**
     * Plain text after the objects: the client's `ERROR: ...` when the build failed, and its `WARNING: ...`
     * lines, kept whole as the plain parser keeps them (`WARNING: local cache import at /dir not found ...`
     * is all a log says of a local cache import that found nothing).
     */
    text(line) {
        if (line.startsWith('ERROR: ') && this.collector.active) {
            // An error after a build that went well is another build's, refused before its first vertex.
            if (this.collector.finishedWell())
                this.nextBuild();
            this.collector.error(line.slice(7).trim());
            this.sawError = true;
        }
        else if (line.startsWith('WARNING: ') && this.collector.active) {
            this.collector.warning(line);
        }
    }
    /** The first of a kind of problem is told, in the order met; the rest are counted, and said in its message at the end. */
    told(t, first) {
        if (t) {
            t.count++;
            return t;
        }
        const p = first();
        this.problems.push(p);
        return { first: p, count: 1 };
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
/** A vertex BuildKit announced but never started (the rest of a failed build) is not a step; a build of none is no build. */
function started(builds) {
    for (const b of builds)
        b.vertexes = b.vertexes.filter((v) => v.started || v.cached);
    return builds.filter((b) => b.vertexes.length > 0 || b.errors.length > 0);
}

;// CONCATENATED MODULE: ./lib/progress/joblog.js




// A GitHub Actions job log: every line carries the time the runner read it. Raw logs (the REST
// API's `actions/jobs/{id}/logs`, the web UI's download) begin each line with an RFC 3339
// timestamp (`2025-01-06T09:50:04.2335218Z #1 [internal] ...`); `gh run view --log` puts the job
// and the step before it (`build<TAB>Build and push<TAB>2025-...Z ...`). The runner adds its own
// commands (`##[group]Run ...`, `##[endgroup]`, `##[error]...`), masks secrets as `***`, and writes
// a blank line of a program as a timestamp alone. Each workflow step's BuildKit text is read by
// the plain or rawjson parser, line by line with its time, so that plain progress gets real times.
const STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d))(?: |$)/;
const GH_PREFIX = /^[^\t]+\t[^\t]*\t\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/;
// eslint-disable-next-line no-control-regex
const joblog_ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
const COMMAND = /^##\[([a-z]+)\]/;
/** A line the runner opens a `run:` or `uses:` step with (composite actions' steps too). */
const STEP_START = 'Run ';
const POST = 'Post job cleanup.';
/** The time (ms since the epoch) of a job-log line's RFC 3339 prefix, and where its text starts. */
function lineStamp(line) {
    const fast = runnerStamp(line);
    if (fast !== undefined)
        return fast;
    const m = STAMP.exec(line);
    if (!m?.[1])
        return undefined;
    const at = Date.parse(m[1]);
    return Number.isNaN(at) ? undefined : { at, rest: m[0].length };
}
/** The runner's own form (`2025-01-06T09:50:04.2335218Z `), read on its characters; any other is left to the regex and Date.parse (undefined). */
function runnerStamp(line) {
    const utc = (0,json/* utcStamp */.sl)(line);
    if (utc === undefined)
        return undefined;
    const after = utc.z + 1;
    // a space, or the line's end, after the Z
    if (after === line.length)
        return { at: utc.at, rest: after };
    return line.charCodeAt(after) === 32 ? { at: utc.at, rest: after + 1 } : undefined;
}
/**
 * The runner's own timestamp (`2025-01-06T09:50:04.2335218Z `) read on a line's bytes, as
 * runnerStamp reads it: a line's second is compared with the last one's, and a new second is
 * read by utcStamp, so that each is parsed once.
 */
class StampBytes {
    /** `YYYY-MM-DDTHH:MM:SS` of the last second read (kept even when what follows it is no runner stamp), and its time (ms since the epoch). */
    second = Buffer.alloc(19);
    secondAt = Number.NaN;
    /** The last line's time and where its text starts, when read returned true. */
    at = 0;
    rest = 0;
    read(buf, start, end) {
        const second = this.second;
        let same = end - start >= 22 && !Number.isNaN(this.secondAt);
        for (let k = 0; same && k < 19; k++)
            same = buf[start + k] === second[k];
        if (!same) {
            if (end - start < 22)
                return false;
            const utc = (0,json/* utcStamp */.sl)(`${buf.toString('latin1', start, start + 19)}.0Z`);
            if (utc === undefined)
                return false;
            buf.copy(second, 0, start, start + 19);
            this.secondAt = utc.at;
        }
        // `.` and 1 to 9 digits of fraction, Z, then a space or the line's end
        let i = start + 19;
        if (buf[i++] !== 46)
            return false;
        const digitsFrom = i;
        let ms = 0;
        for (; i < end && i < digitsFrom + 9; i++) {
            const c = (buf[i] ?? 0) - 48;
            if (c < 0 || c > 9)
                break;
            if (i < digitsFrom + 3)
                ms = ms * 10 + c;
        }
        if (i === digitsFrom || i >= end || buf[i] !== 90 /* Z */)
            return false;
        for (let k = i - digitsFrom; k < 3; k++)
            ms *= 10;
        i++;
        if (i < end && buf[i++] !== 32)
            return false;
        this.at = this.secondAt + ms;
        this.rest = i;
        return true;
    }
}
/** What String.prototype.trimStart removes that is ASCII: space, tab, LF, VT, FF, CR. */
function isAsciiBlank(c) {
    return c === 32 || (c >= 9 && c <= 13);
}
/**
 * The character whose UTF-8 starts at i is one String.prototype.trimStart removes past ASCII
 * (isWideSpace). A damaged sequence decodes to U+FFFD, no blank; so do the leads of ranges that
 * hold none (E0, ED, four-byte ones), which are not decoded here.
 */
function isWideBlank(buf, i, end) {
    const a = buf[i] ?? 0;
    const b = continuation(buf, i + 1, end);
    if (a >= 0xc2 && a <= 0xdf)
        return b >= 0 && isWideSpace(((a & 0x1f) << 6) | b);
    if (a < 0xe1 || a > 0xef || a === 0xed)
        return false;
    const c = continuation(buf, i + 2, end);
    return b >= 0 && c >= 0 && isWideSpace(((a & 0x0f) << 12) | (b << 6) | c);
}
/** The low six bits of a UTF-8 continuation byte at i within the line, or -1. */
function continuation(buf, i, end) {
    const x = i < end ? (buf[i] ?? 0) : 0;
    return (x & 0xc0) === 0x80 ? x & 0x3f : -1;
}
/** A line of a job log as the runner or `gh run view --log` writes it (a BOM or NULs before it allowed). */
function isJobLogLine(raw) {
    const line = skipLead(raw);
    return GH_PREFIX.test(line) || lineStamp(line) !== undefined;
}
function skipLead(s) {
    let i = 0;
    while (i < s.length && (s.charCodeAt(i) === 0xfeff || s.charCodeAt(i) === 0))
        i++;
    return i === 0 ? s : s.slice(i);
}
/**
 * Reads a job log a line at a time. Builds never span steps: each step's text goes to a parser of
 * its own, chosen by the first line of BuildKit's in it, and every build read is told its step
 * (and, from `gh run view --log`, its job).
 */
class JobLogParser {
    file;
    inner;
    bytes;
    lines;
    encoder = new Utf8Encoder();
    problems = [];
    builds = [];
    segment = { job: undefined, step: undefined, parser: undefined, previous: undefined };
    /** Decided on the first line: `gh run view --log`'s columns, or the raw log's timestamps. */
    gh;
    lastAt;
    lineNo = 0;
    long;
    stamps = new StampBytes();
    /** By ASCII code: a line of a step not yet recognised that starts with it must be decoded (see InnerFormat.starts). */
    decoded = [];
    /** Lines made strings, whole or after their timestamp: the rest were read, or passed over, on their bytes. */
    decodedLines = 0;
    constructor(file, inner, 
    /** False: every line decoded and read as text, as before lines were read on bytes (the tests' reference). */
    bytes = true) {
        this.file = file;
        this.inner = inner;
        this.bytes = bytes;
        // a format's lines; ESC, which may hide one; `#`, which opens a step (`##[group]Run`)
        for (const c of `${inner.map((f) => f.starts).join('')}\x1b#`)
            this.decoded[c.charCodeAt(0)] = true;
        this.lines = new ByteLines((buf, start, end, dropped) => {
            this.lineNo++;
            if (this.bytes && dropped === 0 && end - start <= MAX_LINE && this.stampedLine(buf, start, end))
                return;
            this.decodedLines++;
            const { text, cut } = lineText(buf, start, end, dropped);
            if (cut)
                this.long = countLong(this.long, this.lineNo);
            this.line(text);
        });
    }
    write(chunk) {
        this.lines.write(chunk);
    }
    push(chunk) {
        this.lines.write(this.encoder.encode(chunk));
    }
    /**
     * The builds no later line can change, handed out once: those of the steps read to their end, then
     * the finished ones of the step being read (each is told its step and job as it is handed out).
     */
    take() {
        const done = this.builds.splice(0);
        const parser = this.segment.parser;
        if (parser !== undefined)
            for (const b of parser.take())
                done.push(this.told(b));
        return done;
    }
    end() {
        this.lines.write(this.encoder.end());
        this.lines.end();
        this.close();
        if (this.long)
            this.problems.push((0,problems/* problem */.CC)('line-too-long', tooLong(this.long.count, 'line', MAX_LINE, true), { file: this.file, line: this.long.first }));
        return this.builds;
    }
    /**
     * A job log's line in the runner's form (after `gh run view --log`'s columns, when they name the
     * step being read), its timestamp read on its bytes: most lines of a
     * step's plain progress (output, CACHED, DONE, blank) are read there too, with no string made;
     * any other is decoded after its timestamp. False for a line left to `line`: those up to the
     * first line with text, `gh run view --log`'s whose columns are not the step's being read (one
     * that opens a step, a BOM or NUL before them, names not in UTF-8), and any not in the runner's
     * own form (no timestamp, a BOM or NUL before it, 10 digits of fraction or more, no space after
     * the Z).
     */
    stampedLine(buf, start, end) {
        const stamps = this.stamps;
        let from = start;
        if (this.gh === true) {
            // `gh run view --log`: a line of the step being read, its columns matched on the bytes
            const columns = this.segment.columns;
            if (columns === undefined || !startsWith(buf, start, end, columns))
                return false;
            from += columns.length;
        }
        else if (this.gh !== false) {
            return false;
        }
        if (!stamps.read(buf, from, end))
            return false;
        const at = stamps.at;
        this.lastAt = at;
        const seg = this.segment;
        if (seg.parser === undefined) {
            // another program's output, in a step with no BuildKit text yet: it could not be recognised,
            // and as the line before it makes no difference to whether the next one is
            if (this.passedOver(buf, stamps.rest, end)) {
                seg.previous = { text: '', at };
                return true;
            }
        }
        else if (seg.parser.timedBytes?.(buf, stamps.rest, end, at, this.lineNo) === true) {
            return true;
        }
        this.decodedLines++;
        this.stamped(buf.toString('utf8', stamps.rest, end), at);
        return true;
    }
    /**
     * The line is blank, or starts (after blanks) with a character no format's line starts with (see
     * InnerFormat.starts), and is not `Post job cleanup.`, which opens a step.
     */
    passedOver(buf, start, end) {
        let i = start;
        while (i < end && isAsciiBlank(buf[i] ?? 0))
            i++;
        if (i === end)
            return true;
        const c = buf[i] ?? 0;
        if (c === 80 /* P */ && i === start)
            return false;
        if (c < 0x80)
            return this.decoded[c] !== true;
        // not ASCII (`✓ passed`): passed over unless it is a blank that trimStart removes (U+00A0, U+3000, ...)
        return !isWideBlank(buf, i, end);
    }
    line(raw) {
        let s = skipLead(raw);
        // decided on the first line with text: every line of gh's output has its columns
        if (this.gh === undefined && s !== '')
            this.gh = GH_PREFIX.test(s);
        if (this.gh) {
            // `gh run view --log`: each step is told by its columns
            const tab = s.indexOf('\t');
            const tab2 = tab < 0 ? -1 : s.indexOf('\t', tab + 1);
            if (tab2 >= 0) {
                const job = s.slice(0, tab);
                const step = s.slice(tab + 1, tab2);
                if (job !== this.segment.job || step !== this.segment.step)
                    this.open(job, step);
                s = s.slice(tab2 + 1);
            }
        }
        // a line without a time goes on the one before it (a value over several lines, continued)
        const stamp = lineStamp(s);
        if (stamp) {
            this.lastAt = stamp.at;
            s = s.slice(stamp.rest);
        }
        this.stamped(s, stamp?.at ?? this.lastAt);
    }
    /** A line's text after its timestamp, and when it was written. */
    stamped(text, at) {
        let s = text;
        if (s.includes('\x1b'))
            s = s.replace(joblog_ANSI, '');
        const command = COMMAND.exec(s);
        // `gh run view --log`'s steps are opened by its columns; a raw log's by the runner's lines
        if (this.gh !== true) {
            if (command?.[1] === 'group' && s.startsWith(STEP_START, command[0].length))
                this.open(undefined, s.slice(command[0].length).trim());
            else if (s === POST)
                this.open(undefined, POST.slice(0, -1));
        }
        if (command)
            s = s.slice(command[0].length);
        this.feed(s, at);
    }
    feed(text, at) {
        const seg = this.segment;
        if (seg.parser === undefined) {
            const trimmed = text.trimStart();
            const previous = seg.previous;
            const format = this.inner.find((f) => f.recognises(trimmed, previous?.text ?? ''));
            seg.previous = { text: trimmed, at };
            if (format === undefined)
                return;
            seg.parser = format.parser(this.file);
            // the line before, when it opened the text (rawjson's `{` alone on its line)
            if (previous !== undefined && !format.recognises(trimmed, ''))
                seg.parser.timedLine(previous.text, previous.at, this.lineNo - 1);
        }
        seg.parser.timedLine(text, at, this.lineNo);
    }
    open(job, step) {
        this.close();
        this.segment = { job, step, parser: undefined, previous: undefined };
        if (this.gh === true && job !== undefined)
            this.segment.columns = Buffer.from(`${job}\t${step ?? ''}\t`);
    }
    /** A build of the step being read, told that step and its job. */
    told(b) {
        const { step, job } = this.segment;
        if (step !== undefined && step !== '')
            b.step = step;
        if (job !== undefined && job !== '')
            b.job = job;
        return b;
    }
    close() {
        const parser = this.segment.parser;
        if (parser === undefined)
            return;
        for (const b of parser.end())
            this.builds.push(this.told(b));
        for (const p of parser.problems)
            this.problems.push(p);
        this.segment.parser = undefined;
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
// Inside a job log a step prints other JSON (build-push-action's builder info and metadata), so
// rawjson is told by a SolveStatus key, on the `{` line or, indented (buildx 0.13), on the next.
const SOLVE_STATUS = /^\{?\s*"(?:vertexes|statuses|logs|warnings)"\s*:/;
const STEP_FORMATS = [
    {
        name: 'rawjson',
        recognises: (line, previous) => SOLVE_STATUS.test(line) && (line.startsWith('{') || previous === '{'),
        // `{`, and an indented object's first key, recognised after a `{` alone
        starts: '{"',
        parser: (file) => new RawJsonParser(file)
    },
    { name: 'plain', recognises: (line) => plain.recognises(line, line), starts: '#', parser: (file) => new PlainParser(file) }
];
/** A GitHub Actions job log (raw, or `gh run view --log`): told by its prefix, before it is stripped. */
const joblog = {
    name: 'joblog',
    recognises: (_line, raw) => isJobLogLine(raw),
    parser: (file) => new JobLogParser(file, STEP_FORMATS)
};
/** Every format the reader knows, in the order they are tried on a line; the first is not the fallback. */
const FORMATS = [joblog, rawjson, plain];
/** What a log that no format recognises is read as: plain skips what it does not know. */
const FALLBACK = plain;

;// CONCATENATED MODULE: ./lib/progress/detect.js



/** How many bytes to look at for the format before assuming the fallback. */
const SNIFF_LIMIT = 256 * 1024;
/** Decides the format from the first line that one of them recognises, then streams the bytes into its parser. */
class ProgressReader {
    file;
    onStatus;
    parser;
    chosen;
    /** The bytes before the format is known: what was joined, and the chunks since. */
    head = Buffer.alloc(0);
    more = [];
    headLength = 0;
    /** Where the first line not yet looked at starts in head: each line is looked at once. */
    scanned = 0;
    encoder = new Utf8Encoder();
    constructor(file, onStatus) {
        this.file = file;
        this.onStatus = onStatus;
    }
    /** The name of the format being read, once known. */
    get format() {
        return this.chosen?.name;
    }
    write(chunk) {
        if (this.parser) {
            this.parser.write(chunk);
            return;
        }
        if (chunk.length === 0)
            return;
        // a copy: the caller may fill the same buffer again
        this.more.push(Buffer.from(chunk));
        this.headLength += chunk.length;
        // a chunk with no line end decides nothing; looking into head would join it on every chunk
        if (chunk.indexOf(10) < 0 && this.headLength <= SNIFF_LIMIT)
            return;
        const format = this.sniff(false);
        if (format !== undefined || this.headLength > SNIFF_LIMIT)
            this.start(format ?? FALLBACK);
    }
    /** Text, for callers that hold strings. */
    push(chunk) {
        this.write(this.encoder.encode(chunk));
    }
    /** The builds finished so far and not taken before (see ProgressParser.take). */
    take() {
        return this.parser?.take() ?? [];
    }
    end() {
        this.write(this.encoder.end());
        const parser = this.parser ?? this.start(this.sniff(true) ?? FALLBACK);
        const builds = parser.end();
        return { builds, problems: parser.problems };
    }
    start(format) {
        const parser = format.parser(this.file, this.onStatus);
        this.parser = parser;
        this.chosen = format;
        const head = this.joined();
        this.head = Buffer.alloc(0);
        if (head.length > 0)
            parser.write(head);
        return parser;
    }
    joined() {
        if (this.more.length > 0) {
            this.head = Buffer.concat([this.head, ...this.more]);
            this.more = [];
        }
        return this.head;
    }
    /** The format of the first line one of them recognises; a partial last line waits for more, unless at the end. */
    sniff(atEnd) {
        const bytes = this.joined();
        for (;;) {
            const start = this.scanned;
            const nl = bytes.indexOf(10, start);
            if (nl < 0 && !atEnd)
                return undefined;
            const raw = bytes.toString('utf8', start, nl < 0 ? bytes.length : nl);
            const line = stripLinePrefix(raw).trimStart();
            const format = FORMATS.find((f) => f.recognises(line, raw));
            if (format)
                return format;
            if (nl < 0)
                return undefined;
            this.scanned = nl + 1;
        }
    }
}

// EXTERNAL MODULE: ./lib/deadline.js
var lib_deadline = __nccwpck_require__(4611);
;// CONCATENATED MODULE: ./lib/docker/buildx.js






/** `history inspect/ls --format json` came with buildx 0.21 (logs with 0.20). */
const HISTORY_MIN = [0, 21, 0];
/**
 * The `docker buildx` commands the action runs; their output is read by the pure parsers. Every
 * call is bounded by the deadline (one made when none is given): a docker that does not answer is
 * killed and the call fails with "… did not answer within Ns".
 */
class Buildx {
    exec;
    builder;
    deadline;
    engine;
    constructor(exec, builder, deadline = new lib_deadline/* Deadline */.B2(lib_deadline/* DEFAULT_TIMEOUT_SECONDS */.KU), 
    /** The Engine's socket, when the builder is surely the docker driver's (engineSocket()). */
    engine) {
        this.exec = exec;
        this.builder = builder;
        this.deadline = deadline;
        this.engine = engine;
    }
    get builderName() {
        return this.builder ?? '(current)';
    }
    args(builder, ...rest) {
        const b = builder ?? this.builder;
        return ['buildx', ...(b === undefined || b === '' ? [] : ['--builder', b]), ...rest];
    }
    run(args, options = {}) {
        return this.exec('docker', args, { ...options, signal: this.deadline.signal });
    }
    /** `docker buildx du failed: <first line of stderr>`, or that it did not answer in time. */
    failed(r, what, head = r.stderr) {
        return r.timedOut === true ? this.deadline.message(`docker ${what}`) : `docker ${what} failed: ${firstLine(head) || `exit code ${r.exitCode}`}`;
    }
    /** Says what is missing when build records cannot be read here. */
    /** Asked once per Buildx: finding this job's records and reading them both need the answer. */
    checkHistory() {
        this.history ??= this.askHistory();
        return this.history;
    }
    history;
    async askHistory() {
        const r = await this.run(['buildx', 'version']);
        if (r.timedOut === true)
            return { ok: false, message: this.deadline.message('docker buildx version') };
        if (r.exitCode !== 0) {
            return { ok: false, message: `docker buildx is not available (${firstLine(r.stderr) || `exit code ${r.exitCode}`})` };
        }
        const v = parseBuildxVersion(r.stdout);
        if (!v)
            return { ok: false, message: `could not read the buildx version from "${firstLine(r.stdout)}"` };
        if (!versionAtLeast(v, HISTORY_MIN)) {
            return { ok: false, message: `buildx ${v.join('.')} has no \`docker buildx history\` with JSON output (needs ${HISTORY_MIN.join('.')} or later)` };
        }
        return { ok: true, value: v };
    }
    async historyLs() {
        const r = await this.run(this.args(undefined, 'history', 'ls', '--format', 'json'));
        if (r.exitCode !== 0)
            return { ok: false, message: this.failed(r, 'buildx history ls') };
        return { ok: true, value: parseHistoryLs(r.stdout) };
    }
    async inspect(ref) {
        const { builder, id } = splitRef(ref);
        const r = await this.run(this.args(builder, 'history', 'inspect', id, '--format', 'json'));
        if (r.exitCode !== 0)
            return { ok: false, message: this.failed(r, `buildx history inspect ${id}`) };
        const details = parseInspect(r.stdout);
        return details ? { ok: true, value: details } : { ok: false, message: `docker buildx history inspect ${id} printed no record` };
    }
    /** The builder's name as `docker buildx inspect` prints it (the current one unless chosen). */
    async name() {
        if (this.engine !== undefined)
            return { ok: true, value: ENGINE_BUILDER };
        const r = await this.run(this.args(undefined, 'inspect'));
        const name = /^Name:\s+(\S+)/m.exec(r.stdout)?.[1];
        if (r.exitCode !== 0 || name === undefined)
            return { ok: false, message: this.failed(r, 'buildx inspect') };
        return { ok: true, value: name };
    }
    /** What du will need, loaded now (a build is running and the action waits on it): the Engine's HTTP client. */
    prepareDu() {
        // a failure is du's to report, when it is asked
        if (this.engine !== undefined)
            loadHttp().catch(() => undefined);
    }
    /** `docker buildx du --verbose`: records with their types, and the footer, on every buildx version. */
    async du() {
        if (this.engine !== undefined) {
            const answer = await engineDiskUsage(this.engine, this.deadline.signal);
            // an Engine that does not answer as expected is asked again through the CLI, within the same budget
            if (answer.ok || this.deadline.expired())
                return answer;
        }
        const r = await this.run(this.args(undefined, 'du', '--verbose'));
        if (r.exitCode !== 0)
            return { ok: false, message: this.failed(r, 'buildx du') };
        return { ok: true, value: parseDiskUsage(r.stdout) };
    }
    /** Replays a record's progress as rawjson (on stderr) straight into the parser, never held whole; bounded by the deadline too. */
    async logs(ref, label) {
        const { builder, id } = splitRef(ref);
        const reader = new ProgressReader(label);
        const decoder = new external_node_string_decoder_namespaceObject.StringDecoder('utf8');
        let head = '';
        const r = await this.run(this.args(builder, 'history', 'logs', id, '--progress', 'rawjson'), {
            onStderr: (chunk) => {
                if (head.length < 200)
                    head += decoder.write(chunk.subarray(0, 200));
                reader.write(chunk);
            }
        });
        if (r.exitCode !== 0)
            return { ok: false, message: this.failed(r, `buildx history logs ${id}`, head) };
        return { ok: true, value: reader.end().builds };
    }
}
function firstLine(s) {
    return s.trim().split('\n')[0]?.trim() ?? '';
}

;// CONCATENATED MODULE: ./lib/build-cache.js


const LARGEST = 10;
async function snapshot(buildx, now) {
    // two docker CLI starts of ~0.2 s each: side by side, not one after the other
    const [name, du] = await Promise.all([buildx.name(), buildx.du()]);
    if (!name.ok)
        return { error: name.message };
    if (!du.ok)
        return { error: du.message };
    const records = du.value.records;
    const cacheMounts = records.filter((r) => r.type === 'exec.cachemount').reduce((t, r) => t + r.size, 0);
    const largest = [...records]
        .sort((a, b) => b.size - a.size)
        .slice(0, LARGEST)
        .map(({ id, type, size, description, shared, reclaimable }) => ({ id, type, size, description, shared, reclaimable }));
    return {
        snapshot: { builder: name.value, at: now.toISOString(), totals: du.value.totals, cacheMounts, records: records.length },
        storage: { builder: name.value, totals: du.value.totals, byType: byType(records), cacheMounts, largest, records: records.length }
    };
}
function withGrowth(after, before) {
    if (before === undefined || before.builder !== after.builder)
        return after;
    return { ...after, before, growth: after.totals.total - before.totals.total, cacheMountGrowth: after.cacheMounts - before.cacheMounts };
}
/** A snapshot kept in GITHUB_STATE by pre: checked field by field, as any outside JSON. */
function parseSnapshot(text) {
    if (text === '')
        return undefined;
    const o = parseJson(text);
    if (!isRecord(o) || !isRecord(o.totals) || typeof o.builder !== 'string' || typeof o.at !== 'string')
        return undefined;
    const t = o.totals;
    const total = finite(t.total);
    if (total === undefined)
        return undefined;
    return {
        builder: o.builder,
        at: o.at,
        totals: { total, reclaimable: finite(t.reclaimable) ?? 0, shared: finite(t.shared) ?? 0, private: finite(t.private) ?? 0 },
        cacheMounts: finite(o.cacheMounts) ?? 0,
        records: finite(o.records) ?? 0
    };
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
/**
 * Judges every threshold the user set; the verdict is fail when any failed, pass when any passed.
 * A failed check's message goes on with the first cache break of `facts` and a remedy.
 */
function evaluateGates(thresholds, totals, deltas, facts) {
    const checks = [];
    let where;
    for (const g of GATES) {
        const threshold = thresholds[g.input];
        if (threshold === undefined)
            continue;
        const j = g.judge(threshold, { totals, deltas });
        const verdict = j.measured === null ? 'none' : j.failed ? 'fail' : 'pass';
        if (verdict === 'fail' && facts !== undefined)
            where ??= whereTheCacheBroke(facts);
        checks.push({ gate: g.input, threshold, measured: j.measured, verdict, message: verdict === 'fail' ? `${j.message}${where ?? ''}` : j.message });
    }
    const verdict = checks.some((c) => c.verdict === 'fail') ? 'fail' : checks.some((c) => c.verdict === 'pass') ? 'pass' : 'none';
    return { verdict, checks };
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
    if (build.step !== undefined)
        copy.step = t(build.step);
    if (build.job !== undefined)
        copy.job = t(build.job);
    if (build.span !== undefined)
        copy.span = [build.span[0], build.span[1]];
    if (build.errorsLeftOut !== undefined)
        copy.errorsLeftOut = build.errorsLeftOut;
    if (build.warningsLeftOut !== undefined)
        copy.warningsLeftOut = build.warningsLeftOut;
    return copy;
}
/** Every build redacted (copies), and the distinct credentials hidden across them all. */
function redactBuilds(builds, secrets = []) {
    const r = new Redactor(secrets);
    const out = builds.map((b) => redactBuild(b, r));
    return { builds: out, found: r.found };
}

;// CONCATENATED MODULE: ./lib/otlp/settings.js



/** The endpoint as it may be shown: scheme, host and path, no user, password or query. */
function shownUrl(url) {
    try {
        const u = new URL(url);
        return `${u.protocol}//${u.host}${u.pathname}`;
    }
    catch {
        return redact(url).text;
    }
}
/** `base` + `/v1/metrics`, with one slash between them, as the OTLP exporter specification appends it. */
function signalUrl(base, signal) {
    return `${base.endsWith('/') ? base : `${base}/`}v1/${signal}`;
}
// RFC 9110 token characters: what an HTTP header name may be made of
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/**
 * `api-key=abc,x-tenant=ci` (or one pair a line, as a multi-line input is written); values are
 * percent-decoded as in OTEL_EXPORTER_OTLP_HEADERS. A malformed pair is named by its position,
 * never by its text: it may hold the key.
 */
function parseHeaders(text) {
    const headers = {};
    const bad = [];
    const pairs = text
        .split(/[,\n]/)
        .map((p) => p.trim())
        .filter((p) => p !== '');
    pairs.forEach((pair, i) => {
        const eq = pair.indexOf('=');
        const name = eq < 0 ? '' : pair.slice(0, eq).trim();
        if (!HEADER_NAME.test(name)) {
            bad.push(i + 1);
            return;
        }
        const raw = pair.slice(eq + 1).trim();
        let value = raw;
        try {
            value = decodeURIComponent(raw);
        }
        catch {
            // a lone `%` is kept as written, as the SDKs do
        }
        headers[name] = value;
    });
    return { headers, bad };
}
/** The inputs, or OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_EXPORTER_OTLP_HEADERS where they are empty; undefined when no endpoint is set. */
function otlpSettings(get, env, traces, errors) {
    const fromInput = get(Input.OtlpEndpoint).trim();
    const inputHeaders = get(Input.OtlpHeaders).trim();
    const endpoint = fromInput || (env.OTEL_EXPORTER_OTLP_ENDPOINT ?? '').trim();
    if (endpoint === '')
        return undefined;
    if (fromInput === '') {
        // the variables may be there for another program of the job (buildx's own traces, a gRPC collector)
        if ((env.OTEL_SDK_DISABLED ?? '').trim().toLowerCase() === 'true')
            return undefined;
        if ((env.OTEL_EXPORTER_OTLP_PROTOCOL ?? '').trim() === 'grpc') {
            errors.push((0,problems/* notice */.lm)('input-invalid', `no metrics sent to OTEL_EXPORTER_OTLP_ENDPOINT: OTEL_EXPORTER_OTLP_PROTOCOL is grpc, and this action speaks OTLP/HTTP; set ${Input.OtlpEndpoint} to the OTLP/HTTP endpoint`));
            return undefined;
        }
    }
    const rawHeaders = inputHeaders || (env.OTEL_EXPORTER_OTLP_HEADERS ?? '').trim();
    const { headers, bad } = parseHeaders(rawHeaders);
    if (bad.length > 0) {
        const which = `pair ${bad.join(', ')} of ${inputHeaders === '' ? 'OTEL_EXPORTER_OTLP_HEADERS' : Input.OtlpHeaders}`;
        errors.push((0,problems/* inputProblem */.oi)(Input.OtlpHeaders, '(not shown)', `key=value pairs separated by commas or lines (${which} is not)`));
    }
    let url;
    try {
        url = new URL(endpoint);
    }
    catch {
        url = undefined;
    }
    if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
        errors.push((0,problems/* inputProblem */.oi)(fromInput === '' ? 'OTEL_EXPORTER_OTLP_ENDPOINT' : Input.OtlpEndpoint, shownUrl(endpoint), 'an http or https URL'));
        return undefined;
    }
    const secrets = [...new Set([rawHeaders, ...Object.values(headers)].filter((v) => v !== ''))];
    return { metricsUrl: signalUrl(endpoint, 'metrics'), tracesUrl: signalUrl(endpoint, 'traces'), headers, traces, secrets };
}

;// CONCATENATED MODULE: ./lib/github/job.js


const MAX_KEYS = 20;
const MAX_VALUE = 200;
/**
 * The `matrix` input (`${{ toJSON(matrix) }}`, `null` outside a matrix): each value as text, a
 * nested one as its JSON, credentials of known shapes hidden. undefined for none; 'invalid' when
 * it is not a JSON object.
 */
function parseMatrix(text) {
    const t = text.trim();
    if (t === '' || t === 'null' || t === '{}')
        return undefined;
    const o = (0,json/* parseJson */.qF)(t);
    if (!(0,json/* isRecord */.u4)(o))
        return 'invalid';
    const out = {};
    for (const [k, v] of Object.entries(o).slice(0, MAX_KEYS)) {
        if (v === null || v === undefined)
            continue;
        const s = typeof v === 'string' ? v : JSON.stringify(v);
        out[k] = redact(s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s).text;
    }
    return Object.keys(out).length > 0 ? out : undefined;
}
/** From the runner's GITHUB_* and RUNNER_* variables; undefined off GitHub (the CLI, a laptop). */
function jobIdentity(env, matrix) {
    const v = (name) => {
        const s = env[name]?.trim();
        return s === undefined || s === '' ? undefined : s;
    };
    const id = {};
    const set = (key, value) => {
        if (value !== undefined)
            id[key] = value;
    };
    set('repository', v('GITHUB_REPOSITORY'));
    set('workflow', v('GITHUB_WORKFLOW'));
    set('job', v('GITHUB_JOB'));
    set('runId', v('GITHUB_RUN_ID'));
    set('runAttempt', v('GITHUB_RUN_ATTEMPT'));
    const server = v('GITHUB_SERVER_URL');
    if (server !== undefined && id.repository !== undefined && id.runId !== undefined)
        id.runUrl = `${server}/${id.repository}/actions/runs/${id.runId}${id.runAttempt === undefined ? '' : `/attempts/${id.runAttempt}`}`;
    set('ref', v('GITHUB_REF'));
    set('sha', v('GITHUB_SHA'));
    set('matrix', matrix);
    const runner = {};
    for (const [key, name] of [
        ['name', 'RUNNER_NAME'],
        ['os', 'RUNNER_OS'],
        ['arch', 'RUNNER_ARCH'],
        ['environment', 'RUNNER_ENVIRONMENT']
    ]) {
        const value = v(name);
        if (value !== undefined)
            runner[key] = value;
    }
    if (Object.keys(runner).length > 0)
        id.runner = runner;
    return Object.keys(id).length > 0 ? id : undefined;
}
/** `build (linux/arm64, ubuntu-24.04-arm)`: the job and its matrix values, as GitHub names a matrix job. */
function legName(job) {
    const values = Object.values(job?.matrix ?? {});
    if (job?.job === undefined)
        return values.length > 0 ? values.join(', ') : undefined;
    return values.length > 0 ? `${job.job} (${values.join(', ')})` : job.job;
}

;// CONCATENATED MODULE: ./lib/inputs.js








/** The only place inputs are read: each is checked, none is cast. */
function getInputs(get, env = process.env) {
    const errors = [];
    const logFiles = lines(get(Input.LogFiles));
    const buildRefs = get(Input.BuildRefs).trim();
    const builder = get(Input.Builder).trim() || undefined;
    const run = get(Input.Run).trim();
    const thresholds = Object.fromEntries(GATES.map((g) => [g.input, number(get, g.input, { ...g.range, unit: g.unit }, errors)]));
    let gate = 'fail';
    const g = get(Input.Gate).trim().toLowerCase();
    if (g === 'warn')
        gate = 'warn';
    else if (g !== '' && g !== 'fail')
        errors.push((0,problems/* inputProblem */.oi)(Input.Gate, g, 'one of fail, warn'));
    const failOnEmpty = inputs_boolean(get, Input.FailOnEmpty, true, errors);
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
        errors.push((0,problems/* inputProblem */.oi)(Input.SaveBaseline, sb, 'one of auto, always, never'));
    let baselineSeed = 'store';
    const bs = get(Input.Baseline).trim().toLowerCase();
    if (bs === 'runs')
        baselineSeed = 'runs';
    else if (bs !== '' && bs !== 'store')
        errors.push((0,problems/* inputProblem */.oi)(Input.Baseline, bs, 'one of store, runs'));
    const reportFile = get(Input.ReportFile).trim() || (0,external_node_path_.join)(env.RUNNER_TEMP ?? (0,external_node_os_.tmpdir)(), REPORT_FILE_NAME);
    const matrix = parseMatrix(get(Input.Matrix));
    if (matrix === 'invalid')
        errors.push((0,problems/* inputProblem */.oi)(Input.Matrix, get(Input.Matrix).trim().slice(0, 100), 'a JSON object, as ${{ toJSON(matrix) }} gives'));
    const otlp = otlpSettings(get, env, inputs_boolean(get, Input.OtlpTraces, false, errors), errors);
    return {
        inputs: {
            logFiles,
            buildRefs,
            builder,
            run,
            thresholds,
            gate,
            failOnEmpty,
            summary,
            reportFile,
            du,
            actionsCacheUsage,
            githubToken: get(Input.GitHubToken).trim(),
            baselineFile: get(Input.BaselineFile).trim(),
            saveBaseline,
            baselineName: get(Input.BaselineName).trim() || 'default',
            baselineSeed,
            runsPerMonth,
            minutePrice,
            timeout: timeoutSeconds(get, errors),
            dockerfile: get(Input.Dockerfile).trim(),
            context: get(Input.Context).trim() || '.',
            matrix: matrix === 'invalid' ? undefined : matrix,
            mergeReports: lines(get(Input.MergeReports)),
            gateEachLeg: inputs_boolean(get, Input.GateEachLeg, false, errors),
            otlp
        },
        errors
    };
}
/** One path or glob a line; blank lines and `#` comments left out. */
function lines(text) {
    return text
        .split('\n')
        .map((s) => s.trim())
        .filter((s) => s !== '' && !s.startsWith('#'));
}
/** The `timeout` input, seconds (`30s` allowed); the pre step reads it too. At least 1: a budget of 0 would skip every wait. */
function timeoutSeconds(get, errors = []) {
    return number(get, Input.Timeout, { min: 1, unit: 's' }, errors) ?? lib_deadline/* DEFAULT_TIMEOUT_SECONDS */.KU;
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
        errors.push((0,problems/* inputProblem */.oi)(name, get(name).trim(), between));
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
        errors.push((0,problems/* inputProblem */.oi)(name, v, 'true or false'));
    return fallback;
}

;// CONCATENATED MODULE: ./lib/pre-main.js







/**
 * Runs before every step of the job: the job's start, so that main can find this job's build
 * records with no input, and the build cache's size, so that main can say what the job added.
 * Nothing here may fail the job; input errors are main's to tell.
 */
async function runPre(io, exec) {
    try {
        const now = io.now();
        io.saveState(State.JobStartedAt, now.toISOString());
        const { inputs } = getInputs((name) => io.getInput(name), io.env);
        if (!inputs.du)
            return;
        const deadline = new lib_deadline/* Deadline */.B2(inputs.timeout);
        const taken = await snapshot(new Buildx(exec, inputs.builder, deadline, engineSocket(io.env, inputs.builder)), now);
        if (taken.snapshot)
            io.saveState(State.CacheBefore, JSON.stringify(taken.snapshot));
        // a docker that did not answer cost the job the whole timeout: say so where it shows
        else if (deadline.expired())
            io.warning(`build-insights pre step: build cache not measured: ${taken.error ?? ''}`);
        // no docker yet, or a builder made later in the job: main says the growth is unknown
        else
            io.debug(`build cache not measured before the job: ${taken.error ?? ''}`);
    }
    catch (e) {
        io.warning(`build-insights pre step: ${(0,problems/* errorText */.kc)(e)}`);
    }
}


/***/ }),

/***/ 1450:
/***/ ((__webpack_module__, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(__webpack_module__, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _pre_main_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(9145);
/* harmony import */ var _action_io_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(5329);
/* harmony import */ var _docker_exec_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(983);
/* harmony import */ var _exit_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(199);




await (0,_pre_main_js__WEBPACK_IMPORTED_MODULE_0__/* .runPre */ .X)((0,_action_io_js__WEBPACK_IMPORTED_MODULE_1__/* .runnerIO */ .$6)(), _docker_exec_js__WEBPACK_IMPORTED_MODULE_2__/* .actionsExec */ .dw);
await (0,_exit_js__WEBPACK_IMPORTED_MODULE_3__/* .exitWhenFlushed */ .K)();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 5451:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   CC: () => (/* binding */ problem),
/* harmony export */   kc: () => (/* binding */ errorText),
/* harmony export */   lm: () => (/* binding */ notice),
/* harmony export */   oi: () => (/* binding */ inputProblem)
/* harmony export */ });
/* unused harmony exports warning, describeProblem */
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


/***/ }),

/***/ 7080:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Tg: () => (/* binding */ shareStdout),
/* harmony export */   c4: () => (/* binding */ stdoutStream),
/* harmony export */   sD: () => (/* binding */ writeOut)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);

// The job log, written to fd 1 directly on Linux: process.stdout's first use builds a stream (net,
// a pipe handle) and exiting flushed it and stderr, a tenth of a small run. Node writes pipes and
// files synchronously on Linux anyway, so the order of lines is the same. Elsewhere (a pipe is
// written asynchronously on macOS and Windows), and once fd 1 refuses a write (a non-blocking pipe
// that is full), the stream is used, and flushed at exit.
let stream = process.platform !== 'linux';
/** Writes text to the job log (standard output). */
function writeOut(text) {
    if (!stream) {
        const bytes = Buffer.from(text);
        let at = 0;
        try {
            while (at < bytes.length)
                at += (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeSync)(1, bytes, at);
            return;
        }
        catch {
            // EAGAIN, or anything else: the stream takes over from where the write stopped, and says what went wrong its own way
            stream = true;
            process.stdout.write(bytes.subarray(at));
            return;
        }
    }
    process.stdout.write(text);
}
/**
 * A package that writes to process.stdout itself is loaded (@actions/core's debug lines, inside
 * @actions/cache, /glob, /exec and /github): its stream makes fd 1 non-blocking and may hold
 * writes back, so from now on the job log goes through that stream too, in order, and it is
 * flushed at exit.
 */
function shareStdout() {
    stream = true;
}
/** Whether process.stdout carries the job log, and must be flushed before the process exits. */
function stdoutStream() {
    return stream;
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
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
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
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
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
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(1450);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
