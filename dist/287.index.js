export const id = 287;
export const ids = [287];
export const modules = {

/***/ 4287:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runBuild: () => (/* binding */ runBuild)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:string_decoder"
var external_node_string_decoder_ = __webpack_require__(6193);
// EXTERNAL MODULE: ./lib/docker/history.js
var docker_history = __webpack_require__(8624);
// EXTERNAL MODULE: ./lib/json.js
var json = __webpack_require__(6413);
// EXTERNAL MODULE: ./lib/progress/detect.js + 8 modules
var detect = __webpack_require__(1681);
// EXTERNAL MODULE: ./lib/progress/lines.js
var progress_lines = __webpack_require__(9804);
;// CONCATENATED MODULE: ./lib/progress/printer.js


/**
 * Turns rawjson SolveStatus objects into plain-progress lines as they arrive (`#3 [build 2/4]
 * RUN make`, output, `#3 DONE 1.2s`), so a run-mode build reads in the job log as it would with
 * `--progress=plain` while the action parses the rawjson it asked for.
 */
class RawJsonPrinter {
    write;
    numbers = new Map();
    announced = new Set();
    finished = new Set();
    partial = new Map();
    constructor(write) {
        this.write = write;
    }
    status(status) {
        const { vertexes, logs } = status;
        if (Array.isArray(vertexes))
            for (const v of vertexes)
                if ((0,json/* isRecord */.u4)(v))
                    this.vertex(v);
        if (Array.isArray(logs))
            for (const l of logs)
                if ((0,json/* isRecord */.u4)(l))
                    this.log(l);
    }
    end() {
        for (const [digest, rest] of this.partial)
            if (rest !== '')
                this.write(`#${this.number(digest)} ${rest}`);
        this.partial.clear();
    }
    number(digest) {
        let n = this.numbers.get(digest);
        if (n === undefined) {
            n = this.numbers.size + 1;
            this.numbers.set(digest, n);
        }
        return n;
    }
    vertex(v) {
        const digest = v.digest;
        if (typeof digest !== 'string')
            return;
        const started = typeof v.started === 'string';
        if (!started && v.cached !== true)
            return;
        const n = this.number(digest);
        if (!this.announced.has(digest)) {
            this.announced.add(digest);
            this.write(`#${n} ${typeof v.name === 'string' ? v.name : digest}`);
        }
        if (this.finished.has(digest))
            return;
        if (v.cached === true) {
            this.finished.add(digest);
            this.write(`#${n} CACHED`);
        }
        else if (typeof v.error === 'string' && v.error !== '') {
            this.finished.add(digest);
            this.write(/context canceled/.test(v.error) ? `#${n} CANCELED` : `#${n} ERROR: ${v.error}`);
        }
        else if (typeof v.completed === 'string' && started) {
            this.finished.add(digest);
            const secs = (Date.parse(v.completed) - Date.parse(v.started)) / 1000;
            this.write(`#${n} DONE ${Number.isFinite(secs) ? secs.toFixed(1) : '?'}s`);
        }
    }
    log(l) {
        if (typeof l.vertex !== 'string' || typeof l.data !== 'string')
            return;
        const text = (this.partial.get(l.vertex) ?? '') + Buffer.from(l.data, 'base64').toString('utf8');
        const lines = text.split('\n');
        let rest = lines.pop() ?? '';
        const n = this.number(l.vertex);
        for (const line of lines)
            this.write(`#${n} ${line.replace(/\r$/, '')}`);
        // output that never ends its line is printed in 1 MiB pieces: held whole, each chunk would copy it again
        if (rest.length >= progress_lines/* MAX_LINE */.MV) {
            this.write(`#${n} ${rest}`);
            rest = '';
        }
        this.partial.set(l.vertex, rest);
    }
}

// EXTERNAL MODULE: ./lib/problems.js
var lib_problems = __webpack_require__(5451);
;// CONCATENATED MODULE: ./lib/run-mode/run.js









/** Runs the build, printing readable progress as it goes and parsing it on the way, never held whole. */
async function runBuild(command, logFile, deps) {
    const log = (0,external_node_fs_.createWriteStream)(logFile);
    const printer = new RawJsonPrinter((line) => {
        deps.writeLine(line);
    });
    const reader = new detect/* ProgressReader */.V(logFile, command.progress === 'rawjson'
        ? (s) => {
            printer.status(s);
        }
        : undefined);
    const clientLines = [];
    // stderr split into lines once: echoed (plain progress is readable as it is; rawjson is printed
    // by the printer), and the client's own lines kept for the error of a failed build
    const stderr = new progress_lines/* LineSplitter */.g3((line) => {
        if (command.progress !== 'rawjson')
            deps.writeLine(line);
        if (!line.startsWith('{') && !line.startsWith('#') && line.trim() !== '')
            clientLines.push(line);
        if (clientLines.length > 50)
            clientLines.shift();
    });
    const decoder = new external_node_string_decoder_.StringDecoder('utf8');
    const stdout = new progress_lines/* LineSplitter */.g3((line) => {
        deps.writeLine(line);
    });
    const started = deps.now();
    let running = deps.whileRunning;
    const r = await deps.exec(command.file, command.args, {
        onStderr: (chunk) => {
            if (running) {
                running();
                running = undefined;
            }
            log.write(chunk);
            reader.write(chunk);
            stderr.push(decoder.write(chunk));
        },
        onStdout: (chunk) => {
            stdout.push(chunk.toString('utf8'));
        }
    });
    const seconds = (deps.now() - started) / 1000;
    stderr.push(decoder.end());
    stderr.end();
    stdout.end();
    printer.end();
    await new Promise((resolve) => log.end(resolve));
    const { builds, problems } = reader.end();
    const error = r.exitCode === 0 ? undefined : (clientLines.filter((l) => /ERROR|error/.test(l)).at(-1) ?? clientLines.at(-1));
    if (r.exitCode !== 0 && builds.length === 0) {
        problems.push((0,lib_problems/* problem */.CC)('build-failed', `the build command failed before any step ran (exit code ${r.exitCode})${error === undefined ? '' : `: ${error}`}`));
    }
    if (command.progress === 'unreadable') {
        problems.push((0,lib_problems/* problem */.CC)('format-unknown', 'run: the command asks for a progress format that cannot be read (tty, auto, quiet); leave --progress out or use plain or rawjson'));
    }
    let ref;
    if (r.exitCode === 0) {
        // an older buildx or a driver that writes no ref: the report stands without it
        ref = (0,docker_history/* refFromMetadata */.FF)((0,json/* parseJson */.qF)(await (0,promises_.readFile)(command.metadataFile, 'utf8').catch(() => '')));
    }
    for (const b of builds)
        if (ref !== undefined)
            b.ref = ref;
    return { builds, problems, exitCode: r.exitCode, seconds, logFile, ref, error };
}


/***/ })

};
