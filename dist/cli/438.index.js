export const id = 438;
export const ids = [438];
export const modules = {

/***/ 2438:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runsCommand: () => (/* binding */ runsCommand)
});

// UNUSED EXPORTS: RUNS_USAGE

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(356);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./lib/problems.js
var problems = __webpack_require__(5451);
// EXTERNAL MODULE: ./lib/deadline.js
var lib_deadline = __webpack_require__(4611);
;// CONCATENATED MODULE: ./lib/github/rest.js


const RETRIES = 3;
// GitHub: "If you exceed a secondary rate limit and no header says when to retry, wait at least one minute".
const SECONDARY_WAIT_MS = 60_000;
class RestClient {
    o;
    api;
    doFetch;
    now;
    sleep;
    constructor(o) {
        this.o = o;
        this.api = (o.apiUrl ?? 'https://api.github.com').replace(/\/+$/, '');
        this.doFetch = o.fetch ?? fetch;
        this.now = o.now ?? Date.now;
        this.sleep = o.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms).unref()));
    }
    /** GET a JSON answer: `path` is below the API's root (`/repos/o/r/actions/runs`). */
    async json(path, query = {}) {
        const a = await this.get(this.url(path, query), 'application/vnd.github+json', true);
        if (a.text === undefined)
            return a;
        let data;
        try {
            data = JSON.parse(a.text);
        }
        catch {
            data = undefined;
        }
        const answer = { ...a, data };
        delete answer.text;
        return answer;
    }
    /** GET a job's log: a 302 to a signed URL, fetched without the token. */
    async jobLog(owner, repo, jobId) {
        const first = await this.get(this.url(`/repos/${enc(owner)}/${enc(repo)}/actions/jobs/${enc(jobId)}/logs`, {}), 'application/vnd.github+json', true, true);
        if (first.status < 300 || first.status >= 400 || first.text === undefined)
            return first;
        // the Location, kept in text by get() for a redirect: never shown
        return this.get(first.text, 'text/plain', false);
    }
    url(path, query) {
        const u = new URL(this.api + path);
        for (const [k, v] of Object.entries(query))
            if (v !== undefined && v !== '')
                u.searchParams.set(k, String(v));
        return u.toString();
    }
    async get(url, accept, auth, manual = false) {
        const deadline = this.o.deadline;
        for (let attempt = 0;; attempt++) {
            if (deadline.expired())
                return { status: 0, data: undefined, error: deadline.message('the REST API') };
            let res;
            try {
                const headers = { accept, 'user-agent': 'build-insights', 'x-github-api-version': '2022-11-28' };
                if (auth && this.o.token !== '')
                    headers.authorization = `Bearer ${this.o.token}`;
                res = await this.doFetch(url, { headers, redirect: manual ? 'manual' : 'follow', signal: deadline.signal });
            }
            catch (e) {
                // the URL may be a signed one: the error's text is enough
                return { status: 0, data: undefined, error: deadline.signal.aborted ? deadline.message('the REST API') : ((0,problems/* errorText */.kc)(e).split('\n')[0] ?? 'no answer') };
            }
            if (manual && res.status >= 300 && res.status < 400) {
                const location = res.headers.get('location');
                await res.body?.cancel();
                return location === null
                    ? { status: res.status, data: undefined, error: 'a redirect without a Location' }
                    : { status: res.status, data: undefined, text: location };
            }
            let wait = this.rateLimitWait(res);
            if (wait === undefined) {
                const text = await readText(res, deadline);
                if (text === undefined)
                    return { status: 0, data: undefined, error: deadline.message('the REST API') };
                // a secondary limit's 403 says so only in its body
                if (!(res.status === 403 && /secondary rate limit|abuse detection/i.test(text)))
                    return { status: res.status, data: undefined, text };
                wait = { ms: SECONDARY_WAIT_MS, why: 'a secondary rate limit' };
            }
            else {
                await res.body?.cancel();
            }
            if (attempt >= RETRIES || wait.ms > deadline.remainingMs())
                return { status: res.status, data: undefined, limitedUntil: this.now() + wait.ms };
            this.o.onWait?.(Math.ceil(wait.ms / 1000), wait.why);
            await deadline.bound(this.sleep(wait.ms), 'the rate limit');
        }
    }
    /** How long GitHub asks us to wait before the same request, when it refused it for a rate limit. */
    rateLimitWait(res) {
        if (res.status !== 403 && res.status !== 429)
            return undefined;
        const after = Number(res.headers.get('retry-after'));
        if (res.headers.get('retry-after') !== null && Number.isFinite(after) && after >= 0)
            return { ms: after * 1000, why: "GitHub's retry-after" };
        if (res.headers.get('x-ratelimit-remaining') === '0') {
            const reset = Number(res.headers.get('x-ratelimit-reset'));
            if (Number.isFinite(reset))
                return { ms: Math.max(1000, reset * 1000 - this.now() + 1000), why: 'the rate limit resets' };
        }
        // a 429 is always a limit, and says when to retry only in retry-after
        return res.status === 429 ? { ms: SECONDARY_WAIT_MS, why: 'a secondary rate limit' } : undefined;
    }
}
const enc = encodeURIComponent;
async function readText(res, deadline) {
    try {
        return await res.text();
    }
    catch {
        return deadline.signal.aborted ? undefined : '';
    }
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./lib/json.js
var json = __webpack_require__(6413);
;// CONCATENATED MODULE: ./lib/runs/job-logs.js

const str = (x) => (typeof x === 'string' && x !== '' ? x : undefined);
const job_logs_int = (x) => (typeof x === 'number' && Number.isInteger(x) ? x : undefined);
const idOf = (x) => (typeof x === 'number' && Number.isInteger(x) ? String(x) : str(x));
/** A `workflow-run` of the REST API (list workflow runs): undefined without an id. */
function runFromApi(x) {
    if (!(0,json/* isRecord */.u4)(x))
        return undefined;
    const id = idOf(x.id);
    if (id === undefined)
        return undefined;
    const run = { id, attempt: job_logs_int(x.run_attempt) ?? 1, workflow: str(x.name) ?? str(x.path) ?? 'workflow' };
    const number = job_logs_int(x.run_number);
    if (number !== undefined)
        run.number = number;
    for (const [k, v] of [
        ['branch', str(x.head_branch)],
        ['sha', str(x.head_sha)],
        ['event', str(x.event)],
        ['createdAt', str(x.created_at)]
    ])
        if (v !== undefined)
            run[k] = v;
    return run;
}
/** A `job` of the REST API (list jobs for a workflow run attempt): undefined without a name. */
function jobFromApi(x) {
    if (!(0,json/* isRecord */.u4)(x))
        return undefined;
    const name = str(x.name);
    if (name === undefined)
        return undefined;
    const labels = Array.isArray(x.labels) ? x.labels : [];
    const job = { name, labels: labels.filter((l) => typeof l === 'string') };
    for (const [k, v] of [
        ['id', idOf(x.id)],
        ['startedAt', str(x.started_at)],
        ['completedAt', str(x.completed_at)],
        ['conclusion', str(x.conclusion)]
    ])
        if (v !== undefined)
            job[k] = v;
    return job;
}
/** run.json as written by `runs`, read back field by field. */
function runFileFrom(x) {
    if (!(0,json/* isRecord */.u4)(x) || !(0,json/* isRecord */.u4)(x.run) || !Array.isArray(x.jobs))
        return undefined;
    const run = runFromApi({
        ...x.run,
        name: x.run.workflow,
        run_attempt: x.run.attempt,
        run_number: x.run.number,
        head_branch: x.run.branch,
        head_sha: x.run.sha,
        created_at: x.run.createdAt
    });
    if (run === undefined)
        return undefined;
    const jobs = x.jobs.flatMap((j) => {
        if (!(0,json/* isRecord */.u4)(j))
            return [];
        return jobFromApi({ ...j, started_at: j.startedAt, completed_at: j.completedAt }) ?? [];
    });
    return { run, jobs };
}
/** `--job build` matches the job `build` and its matrix legs `build (amd64)`. */
function jobMatches(name, wanted) {
    return wanted === undefined || name === wanted || name.startsWith(`${wanted} (`);
}
/** A job's log file name: its id (unique) and its name, made safe for any file system. */
function logFileName(job) {
    const safe = job.name.replace(/[^\w.-]+/g, '_').slice(0, 80);
    return `${job.id ?? 'job'}_${safe}.txt`;
}

;// CONCATENATED MODULE: ./lib/runs/fetch.js




const PER_PAGE = 100;
/** Why an answer cannot be used, in words (never the URL: a log's is signed). */
function answerWhy(a) {
    if (a.limitedUntil !== undefined)
        return `the rate limit (GitHub lets requests through again at ${new Date(a.limitedUntil).toISOString().slice(11, 16)} UTC)`;
    if (a.status === 0)
        return a.error ?? 'no answer';
    if (a.status === 401)
        return 'HTTP 401: the token was refused';
    if (a.status === 403)
        return 'HTTP 403: the token may not read Actions (it needs `actions: read`, or repo scope for a private repository)';
    if (a.status === 404)
        return 'HTTP 404: not found, or the token cannot see it';
    if (a.status === 410)
        return 'HTTP 410: the log has expired (GitHub keeps logs 90 days by default)';
    return `HTTP ${a.status}`;
}
const ok = (a) => a.status >= 200 && a.status < 300;
async function fetchRuns(o) {
    const out = { logs: [], missing: [], problems: [] };
    const base = `/repos/${encodeURIComponent(o.owner)}/${encodeURIComponent(o.repo)}`;
    const repo = await o.client.json(base);
    if (ok(repo) && (0,json/* isRecord */.u4)(repo.data) && typeof repo.data.private === 'boolean')
        out.publicRepository = !repo.data.private;
    const listed = await listRuns(o, base);
    if ('why' in listed) {
        out.problems.push(`runs of ${o.owner}/${o.repo}${o.workflow === undefined ? '' : ` (${o.workflow})`} not listed: ${listed.why}`);
        return out;
    }
    const dir = (0,external_node_path_.join)(o.cacheDir, o.owner, o.repo);
    let stop;
    const wanted = [];
    for (const run of listed.runs) {
        const runDir = (0,external_node_path_.join)(dir, `run-${run.id}-${run.attempt}`);
        const jobs = stop === undefined ? await runJobs(o, base, run, runDir) : { why: stop };
        if ('why' in jobs) {
            if (/rate limit|did not answer/.test(jobs.why))
                stop = jobs.why;
            out.problems.push(`jobs of run ${run.number === undefined ? run.id : `#${run.number}`} not listed: ${jobs.why}`);
            continue;
        }
        for (const job of jobs.jobs.filter((j) => jobMatches(j.name, o.job)))
            wanted.push({ run, job, runDir });
    }
    let fetched = 0;
    const toFetch = await Promise.all(wanted.map(async (w) => !(await exists((0,external_node_path_.join)(w.runDir, logFileName(w.job))))));
    const total = toFetch.filter(Boolean).length;
    if (total > 0)
        o.progress?.(`fetching ${total} job log${total === 1 ? '' : 's'} (${wanted.length - total} on disk already)`);
    for (const [i, w] of wanted.entries()) {
        const file = (0,external_node_path_.join)(w.runDir, logFileName(w.job));
        if (!toFetch[i]) {
            out.logs.push({ run: w.run, job: w.job, file });
            continue;
        }
        if (stop !== undefined || w.job.id === undefined) {
            out.missing.push({ run: w.run, job: w.job, why: stop === undefined ? 'the job has no id' : `not fetched: ${stop}` });
            continue;
        }
        const a = await o.client.jobLog(o.owner, o.repo, w.job.id);
        fetched++;
        if (!ok(a) || a.text === undefined) {
            const why = answerWhy(a);
            if (a.limitedUntil !== undefined || a.status === 0)
                stop = why;
            out.missing.push({ run: w.run, job: w.job, why });
            o.progress?.(`[${fetched}/${total}] run ${label(w.run)} ${w.job.name}: ${why}`);
            continue;
        }
        await (0,promises_.mkdir)(w.runDir, { recursive: true });
        await (0,promises_.writeFile)(file, a.text);
        o.progress?.(`[${fetched}/${total}] run ${label(w.run)} ${w.job.name}: ${Math.ceil(Buffer.byteLength(a.text) / 1024)} kB`);
        out.logs.push({ run: w.run, job: w.job, file });
    }
    return out;
}
const label = (run) => (run.number === undefined ? run.id : `#${run.number}`);
/** The newest `last` completed runs, newest first. */
async function listRuns(o, base) {
    const path = o.workflow === undefined ? `${base}/actions/runs` : `${base}/actions/workflows/${encodeURIComponent(o.workflow)}/runs`;
    const runs = [];
    const perPage = Math.min(PER_PAGE, Math.max(1, o.last));
    for (let page = 1; runs.length < o.last; page++) {
        const a = await o.client.json(path, { status: 'completed', branch: o.branch, per_page: perPage, page, exclude_pull_requests: 'true' });
        const list = ok(a) && (0,json/* isRecord */.u4)(a.data) && Array.isArray(a.data.workflow_runs) ? a.data.workflow_runs : undefined;
        if (list === undefined)
            return runs.length > 0 ? { runs } : { why: answerWhy(ok(a) ? { ...a, status: 0, error: 'the answer has unexpected fields' } : a) };
        for (const r of list) {
            const run = runFromApi(r);
            if (run !== undefined && runs.length < o.last)
                runs.push(run);
        }
        if (list.length < perPage)
            break;
    }
    return { runs };
}
/** A run's jobs: run.json when it was read before (a finished run's jobs do not change), else the jobs API. */
async function runJobs(o, base, run, runDir) {
    const saved = (0,external_node_path_.join)(runDir, 'run.json');
    try {
        const known = runFileFrom(JSON.parse(await (0,promises_.readFile)(saved, 'utf8')));
        if (known)
            return { jobs: known.jobs };
    }
    catch {
        // not read before
    }
    const jobs = [];
    for (let page = 1;; page++) {
        const a = await o.client.json(`${base}/actions/runs/${encodeURIComponent(run.id)}/attempts/${run.attempt}/jobs`, { per_page: PER_PAGE, page });
        const list = ok(a) && (0,json/* isRecord */.u4)(a.data) && Array.isArray(a.data.jobs) ? a.data.jobs : undefined;
        if (list === undefined)
            return { why: answerWhy(ok(a) ? { ...a, status: 0, error: 'the answer has unexpected fields' } : a) };
        for (const j of list) {
            const job = jobFromApi(j);
            if (job)
                jobs.push(job);
        }
        if (list.length < PER_PAGE)
            break;
    }
    const file = { run, jobs };
    await (0,promises_.mkdir)(runDir, { recursive: true });
    await (0,promises_.writeFile)(saved, `${JSON.stringify(file, null, 2)}\n`);
    return { jobs };
}
async function exists(path) {
    try {
        return (await (0,promises_.stat)(path)).size > 0;
    }
    catch {
        return false;
    }
}

// EXTERNAL MODULE: ./lib/progress/joblog.js
var joblog = __webpack_require__(6116);
;// CONCATENATED MODULE: ./lib/runs/local.js




// A folder of job logs already on disk: what `runs` fetched (a run.json beside each run's logs), the
// web UI's log archives unpacked (`<run>/0_build.txt`, with a `build/` folder of the same job's
// steps beside it, left out), or logs saved by hand (`gh run view --log > 123.log`). Each folder
// holding logs is one run; a log's job is its file name without the archive's `0_` and `.txt`.
const LOG = /\.(?:txt|log)$/;
async function readLogDir(dir) {
    const out = { logs: [], missing: [], problems: [] };
    await walk(dir, dir, out);
    if (out.logs.length === 0)
        out.problems.push(`no job log (*.txt, *.log) found in ${dir}`);
    return out;
}
async function walk(root, dir, out) {
    let entries;
    try {
        entries = await (0,promises_.readdir)(dir, { withFileTypes: true });
    }
    catch (e) {
        out.problems.push(`${dir} could not be read: ${e instanceof Error ? e.message : String(e)}`);
        return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    const files = entries.filter((e) => e.isFile() && LOG.test(e.name)).map((e) => e.name);
    // the web UI's archive: `0_build.txt` is the job's whole log, `build/` the same lines per step
    const jobsHere = new Set(files.map((f) => f.replace(/^\d+_/, '').replace(LOG, '')));
    let meta;
    if (entries.some((e) => e.name === 'run.json'))
        meta = await readRunFile((0,external_node_path_.join)(dir, 'run.json'), out);
    for (const f of files) {
        const file = (0,external_node_path_.join)(dir, f);
        const name = f.replace(/^\d+_/, '').replace(LOG, '');
        const listed = meta?.jobs.find((j) => j.id !== undefined && f.startsWith(`${j.id}_`));
        const job = listed ?? { name, labels: [] };
        if (job.startedAt === undefined)
            Object.assign(job, await timesOf(file));
        // a file with no timestamped line is no job log (a build context's files beside them)
        if (listed === undefined && job.startedAt === undefined)
            continue;
        const folder = (0,external_node_path_.relative)(root, dir);
        // without run.json: the folder is the run, the folder it is in (or the one given) the workflow
        const parent = (0,external_node_path_.dirname)(folder);
        const run = meta?.run ?? {
            id: folder === '' ? f.replace(LOG, '') : (0,external_node_path_.basename)(folder),
            attempt: 1,
            workflow: parent === '.' || folder === '' ? (0,external_node_path_.basename)(root) : parent
        };
        if (run.createdAt === undefined && job.startedAt !== undefined)
            run.createdAt = job.startedAt;
        out.logs.push({ run, job, file });
    }
    for (const e of entries)
        if (e.isDirectory() && !jobsHere.has(e.name))
            await walk(root, (0,external_node_path_.join)(dir, e.name), out);
}
async function readRunFile(path, out) {
    try {
        const read = runFileFrom(JSON.parse(await (0,promises_.readFile)(path, 'utf8')));
        if (read === undefined)
            out.problems.push(`${path} is not a run.json that runs wrote; its logs are read without it`);
        return read;
    }
    catch {
        out.problems.push(`${path} could not be read; its logs are read without it`);
        return undefined;
    }
}
const EDGE = 64 * 1024;
/** The times of a log's first and last timestamped lines: a job's start and end, where no jobs API said them. */
async function timesOf(file) {
    let fh;
    try {
        fh = await (0,promises_.open)(file, 'r');
        const size = (await fh.stat()).size;
        const head = Buffer.alloc(Math.min(EDGE, size));
        await fh.read(head, 0, head.length, 0);
        const tail = Buffer.alloc(Math.min(EDGE, size));
        await fh.read(tail, 0, tail.length, size - tail.length);
        const first = stamps(head.toString('utf8')).at(0);
        const last = stamps(tail.toString('utf8')).at(-1);
        const times = {};
        if (first !== undefined)
            times.startedAt = new Date(first).toISOString();
        if (last !== undefined)
            times.completedAt = new Date(last).toISOString();
        return times;
    }
    catch {
        return {};
    }
    finally {
        await fh?.close();
    }
}
function stamps(text) {
    const out = [];
    for (const line of text.split('\n')) {
        // `gh run view --log`: the time is the third column
        const cols = line.split('\t');
        const s = (0,joblog/* lineStamp */.KL)((cols.length >= 3 ? cols.slice(2).join('\t') : line).replace(/^\uFEFF/, ''));
        if (s)
            out.push(s.at);
    }
    return out;
}

// EXTERNAL MODULE: ./lib/sources/log-files.js + 8 modules
var log_files = __webpack_require__(9736);
// EXTERNAL MODULE: ./lib/pipeline.js + 15 modules
var pipeline = __webpack_require__(6936);
// EXTERNAL MODULE: ./lib/redact.js
var redact = __webpack_require__(5078);
// EXTERNAL MODULE: ./lib/analysis/analyse.js
var analyse = __webpack_require__(3299);
// EXTERNAL MODULE: ./lib/model/identity.js
var identity = __webpack_require__(3275);
// EXTERNAL MODULE: ./lib/billing/billing.js + 1 modules
var billing = __webpack_require__(9904);
// EXTERNAL MODULE: ./lib/round.js
var round = __webpack_require__(9431);
;// CONCATENATED MODULE: ./lib/runs/trend.js







async function trendOf(collected, o = {}) {
    const problems = [...collected.problems];
    const byJob = new Map();
    for (const log of collected.logs) {
        const read = await (0,log_files/* readLogFile */.jQ)(log.file);
        for (const p of read.problems)
            if (p.severity === 'warning')
                problems.push(`${log.file}: ${p.message}`);
        const models = (0,pipeline/* modelBuilds */.NJ)((0,redact/* redactBuilds */.Rm)(read.builds).builds);
        // `gh run view --log` of a whole run: each build says its job
        const jobs = new Map();
        for (const b of models) {
            const name = b.job ?? log.job.name;
            const list = jobs.get(name);
            if (list)
                list.push(b);
            else
                jobs.set(name, [b]);
        }
        if (jobs.size === 0)
            jobs.set(log.job.name, []);
        for (const [name, builds] of jobs) {
            const key = `${log.run.workflow}\u0000${name}`;
            let t = byJob.get(key);
            if (!t) {
                t = { workflow: log.run.workflow, job: name, points: [], builds: [] };
                byJob.set(key, t);
            }
            // a log of one job only (`gh run view --log --job`): the file's times are the job's
            const job = name === log.job.name || jobs.size === 1 ? { ...log.job, name } : { name, labels: [] };
            const point = pointOf(log.run, job, builds, collected.publicRepository === true, o);
            if (point.price !== undefined)
                t.price = point.price;
            t.points.push(point.point);
        }
    }
    for (const t of byJob.values()) {
        t.points.sort((a, b) => a.at - b.at);
        const seen = new Map();
        for (const p of t.points)
            for (const b of p.builds)
                seen.set(b.key, b.step === undefined ? { key: b.key, name: b.name } : { key: b.key, name: b.name, step: b.step });
        t.builds = [...seen.values()];
    }
    const jobs = [...byJob.values()].sort((a, b) => a.workflow.localeCompare(b.workflow) || a.job.localeCompare(b.job));
    return { jobs, missing: collected.missing, problems };
}
function pointOf(run, job, builds, publicRepository, o) {
    const perStep = new Map();
    const points = builds.map((b) => {
        // what it made, less the tag (a run's sha or branch), else its step and its place in it
        const images = [...new Set((b.images ?? []).map((i) => i.replace(/@sha256:[0-9a-f]+$/, '').replace(/:[\w.-]+$/, '')))].sort().join(' ');
        const where = images === '' ? `step ${b.step ?? ''}` : `images ${images}`;
        const n = (perStep.get(where) ?? 0) + 1;
        perStep.set(where, n);
        const cached = b.steps.filter((s) => s.cached).length;
        const p = {
            key: `${where}\u0000${b.target ?? ''}\u0000${n}`,
            // a build that named no image is told by its step, not by the log file's path
            name: (0,identity/* buildName */.AL)(b).startsWith(b.file) && b.step !== undefined ? b.step : (0,identity/* buildName */.AL)(b),
            steps: b.steps.length,
            cached,
            hitRate: (0,analyse/* hitRate */.aK)(cached, b.steps.length),
            seconds: b.duration,
            durationKind: b.durationKind
        };
        if (b.step !== undefined)
            p.step = b.step;
        return p;
    });
    const steps = points.reduce((t, b) => t + b.steps, 0);
    const cached = points.reduce((t, b) => t + b.cached, 0);
    const started = Date.parse(job.startedAt ?? '');
    const completed = Date.parse(job.completedAt ?? '');
    const at = Number.isNaN(started) ? Date.parse(run.createdAt ?? '') : started;
    const point = {
        run,
        at: Number.isNaN(at) ? 0 : at,
        steps,
        cached,
        hitRate: (0,analyse/* hitRate */.aK)(cached, steps),
        buildSeconds: (0,round/* round */.LI)(points.reduce((t, b) => t + b.seconds, 0), 3),
        builds: points
    };
    if (Number.isNaN(started) || Number.isNaN(completed))
        return { point };
    point.billableMinutes = (0,billing/* billableMinutes */.rT)(completed - started);
    const price = priceOf(job.labels, publicRepository, o.minutePrice);
    if (price.source !== 'unknown')
        point.cost = (0,round/* cents */.wH)(point.billableMinutes * price.usdPerMinute);
    return { point, price };
}
/** A past job's minute price from its runs-on labels (the jobs API's): no runner environment is there to read. */
function priceOf(labels, publicRepository, override) {
    const lower = labels.map((l) => l.toLowerCase());
    const standard = lower.some(billing/* isStandardLabel */.en);
    const os = lower.some((l) => l.startsWith('windows'))
        ? 'windows'
        : lower.some((l) => l.startsWith('macos'))
            ? 'macos'
            : lower.some((l) => l.startsWith('ubuntu'))
                ? 'linux'
                : '';
    const runner = {
        environment: lower.includes('self-hosted') ? 'self-hosted' : standard || os !== '' ? 'github-hosted' : 'unknown',
        os,
        arch: '',
        labels: [...labels],
        cores: undefined
    };
    const price = (0,billing/* minutePrice */.CT)(runner, override);
    if (price.source === 'table' && publicRepository && standard)
        return { ...price, usdPerMinute: 0, sku: `${price.sku} (public repository: standard runners are free)` };
    return price;
}

// EXTERNAL MODULE: ./lib/format.js
var format = __webpack_require__(2016);
// EXTERNAL MODULE: ./lib/summary/escape.js
var summary_escape = __webpack_require__(361);
// EXTERNAL MODULE: ./lib/summary/table.js
var table = __webpack_require__(9876);
// EXTERNAL MODULE: ./lib/summary/trend-chart.js + 1 modules
var trend_chart = __webpack_require__(5609);
;// CONCATENATED MODULE: ./lib/runs/render.js




// The trend as a terminal table with sparklines, as Markdown with Mermaid xychart-beta charts, or
// as JSON for tools. Runs oldest first, left to right in the charts and top to bottom in the tables.
const runLabel = (r) => (r.number === undefined ? r.id : `#${r.number}`);
const day = (p) => (p.at > 0 ? new Date(p.at).toISOString().slice(0, 16).replace('T', ' ') : '');
const rate = (r) => (r === null ? 'n/a' : `${(0,format/* formatPercent */.l9)(r)}%`);
const minutes = (p) => (p.billableMinutes === undefined ? '' : String(p.billableMinutes));
const dollars = (p) => (p.cost === undefined ? '' : `$${p.cost.toFixed(2)}`);
/** A run without the figure is a gap, not a 0. */
function spark(values) {
    // one BMP character per value
    const line = (0,format/* sparkline */.KM)(values.filter((v) => v !== null));
    let i = 0;
    return values.map((v) => (v === null ? ' ' : line.charAt(i++))).join('');
}
function headline(t) {
    const price = t.price === undefined || t.price.source === 'unknown' ? '' : ` · ${t.price.sku} at $${t.price.usdPerMinute.toFixed(3)}/min`;
    return `${t.workflow} · job ${t.job} · ${t.points.length} run${t.points.length === 1 ? '' : 's'}${price}`;
}
/** Aligned columns, as the CLI prints the summary's tables. */
function columns(rows, right) {
    const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
    return rows.map((r) => r
        .map((c, i) => (right[i] === true ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd());
}
function renderText(trend) {
    const out = [];
    for (const t of trend.jobs) {
        out.push(headline(t), '');
        const rows = [['run', 'started (UTC)', 'branch', 'hit rate', 'build time', 'billable min', 'cost']];
        for (const p of t.points)
            rows.push([runLabel(p.run), day(p), p.run.branch ?? '', rate(p.hitRate), (0,format/* formatDuration */.a3)(p.buildSeconds), minutes(p), dollars(p)]);
        out.push(...columns(rows, [false, false, false, true, true, true, true]).map((l) => `  ${l}`), '');
        const trendRows = [
            ['hit rate', spark(t.points.map((p) => p.hitRate)), `${rate(t.points[0]?.hitRate ?? null)} → ${rate(t.points.at(-1)?.hitRate ?? null)}`],
            [
                'build time',
                spark(t.points.map((p) => p.buildSeconds)),
                `${(0,format/* formatDuration */.a3)(t.points[0]?.buildSeconds ?? 0)} → ${(0,format/* formatDuration */.a3)(t.points.at(-1)?.buildSeconds ?? 0)}`
            ]
        ];
        if (t.points.some((p) => p.billableMinutes !== undefined))
            trendRows.push([
                'billable min',
                spark(t.points.map((p) => p.billableMinutes ?? null)),
                `${minutes(t.points[0])} → ${minutes(t.points.at(-1))}`
            ]);
        out.push(...columns(trendRows, [false, false, false]).map((l) => `  ${l}`), '  (oldest → newest)', '');
        for (const b of t.builds) {
            const series = t.points.map((p) => p.builds.find((x) => x.key === b.key));
            const rates = series.map((x) => x?.hitRate ?? null);
            const times = series.map((x) => x?.seconds ?? null);
            out.push(`  build ${b.name}${b.step === undefined || b.step === b.name ? '' : ` (step: ${b.step})`}`);
            out.push(`    hit rate   ${spark(rates)}  ${rates.map(rate).join(' ')}`);
            out.push(`    build time ${spark(times)}  ${times.map((s) => (s === null ? '—' : (0,format/* formatDuration */.a3)(s))).join(' ')}`);
        }
        out.push('');
    }
    out.push(...notes(trend));
    return out.join('\n').trimEnd();
}
function notes(trend) {
    const out = [];
    if (trend.jobs.length === 0)
        out.push('No job log was read.');
    if (trend.missing.length > 0) {
        out.push(`${trend.missing.length} job log${trend.missing.length === 1 ? '' : 's'} missing (the trend is partial):`);
        for (const m of trend.missing.slice(0, 20))
            out.push(`  run ${runLabel(m.run)} ${m.job.name}: ${m.why}`);
        if (trend.missing.length > 20)
            out.push(`  … and ${trend.missing.length - 20} more`);
    }
    return out;
}
function renderMarkdown(trend) {
    const out = ['## Past runs: Docker build trend', ''];
    for (const t of trend.jobs) {
        out.push(`### ${(0,summary_escape/* escapeText */.X)(headline(t), 300)}`, '');
        out.push((0,table/* row */.n)(['Run', 'Started (UTC)', 'Branch', 'Hit rate', 'Build time', 'Billable min', 'Cost']), (0,table/* row */.n)(['---', '---', '---', '--:', '--:', '--:', '--:']));
        for (const p of t.points)
            out.push((0,table/* row */.n)([runLabel(p.run), day(p), (0,summary_escape/* escapeText */.X)(p.run.branch ?? '', 100), rate(p.hitRate), (0,format/* formatDuration */.a3)(p.buildSeconds), minutes(p), dollars(p)]));
        out.push('');
        out.push(...(0,trend_chart/* trendCharts */.n)(t.points.map((p) => ({ label: runLabel(p.run), hitRate: p.hitRate, seconds: p.buildSeconds, minutes: p.billableMinutes ?? null }))));
        if (t.builds.length > 1 || (t.builds.length === 1 && t.points.some((p) => p.builds.length !== 1))) {
            out.push((0,table/* row */.n)(['Build', 'Step', 'Hit rate (oldest → newest)', 'Build time']), (0,table/* row */.n)(['---', '---', '---', '---']));
            for (const b of t.builds) {
                const series = t.points.map((p) => p.builds.find((x) => x.key === b.key));
                out.push((0,table/* row */.n)([
                    (0,summary_escape/* escapeText */.X)(b.name, 200),
                    (0,summary_escape/* escapeText */.X)(b.step ?? '', 200),
                    `${spark(series.map((x) => x?.hitRate ?? null))} ${series.map((x) => rate(x?.hitRate ?? null)).join(' ')}`,
                    series.map((x) => (x === undefined ? '—' : (0,format/* formatDuration */.a3)(x.seconds))).join(' ')
                ]));
            }
            out.push('');
        }
    }
    const n = notes(trend);
    if (n.length > 0)
        out.push('> [!NOTE]', ...n.map((l) => `> ${(0,summary_escape/* escapeText */.X)(l, 400)}`), '');
    return out.join('\n');
}
/** For tools: the trend as it is, with times in RFC 3339. */
function renderJson(trend) {
    return JSON.stringify({
        jobs: trend.jobs.map((t) => ({
            workflow: t.workflow,
            job: t.job,
            price: t.price,
            builds: t.builds,
            runs: t.points.map((p) => ({ ...p, at: p.at > 0 ? new Date(p.at).toISOString() : undefined }))
        })),
        missing: trend.missing,
        problems: trend.problems
    }, null, 2);
}

;// CONCATENATED MODULE: ./lib/runs/command.js











const RUNS_USAGE = `Usage: build-insights runs --repo owner/name [--workflow ci.yml] [--branch main] [--job NAME] [--last 30]
       build-insights runs --dir <folder of job logs>

Reads past runs' GitHub job logs and prints, per workflow, job and build, the cache hit rate, the
build time, the job's billable minutes and cost of each run, with a chart of each (oldest → newest).
The token is GITHUB_TOKEN, else \`gh auth token\` (it needs actions: read). Logs are kept in the
cache folder and not fetched again; an expired log (HTTP 410) is named and the rest is shown.

Options:
  --repo <owner/name>       the repository whose runs are read (GITHUB_API_URL for GitHub Enterprise)
  --workflow <file>         one workflow, by file name (ci.yml) or id
  --branch <name>           runs on this branch only
  --job <name>              this job only (its matrix legs too: "build" matches "build (amd64)")
  --last <n>                the newest n completed runs (default 30)
  --dir <folder>            read logs already on disk instead: what runs fetched, the web UI's
                            log archives unpacked (<run>/0_build.txt), or gh run view --log output
  --cache-dir <folder>      where fetched logs are kept (default ~/.cache/build-insights)
  --minute-price <usd>      USD per runner minute, over the price table
  --timeout <s>             seconds for all requests and waits for the rate limit (default 300)
  --markdown                Markdown with Mermaid xychart-beta charts instead of text
  --json                    JSON for tools
  -h, --help                show this help`;
/** `build-insights runs ...`: 0, 1 when no job log could be read, 2 on a usage error. */
async function runsCommand(argv, io) {
    let values;
    try {
        values = (0,external_node_util_.parseArgs)({
            args: argv,
            allowPositionals: false,
            options: {
                repo: { type: 'string' },
                workflow: { type: 'string' },
                branch: { type: 'string' },
                job: { type: 'string' },
                last: { type: 'string' },
                dir: { type: 'string' },
                'cache-dir': { type: 'string' },
                'minute-price': { type: 'string' },
                timeout: { type: 'string' },
                markdown: { type: 'boolean', default: false },
                json: { type: 'boolean', default: false },
                help: { type: 'boolean', short: 'h', default: false }
            }
        }).values;
    }
    catch (e) {
        io.err(`${(0,problems/* errorText */.kc)(e)}\n\n${RUNS_USAGE}`);
        return 2;
    }
    if (values.help) {
        io.out(RUNS_USAGE);
        return 0;
    }
    const usage = (why) => {
        io.err(`build-insights runs: ${why}\n\n${RUNS_USAGE}`);
        return 2;
    };
    const last = number(values.last, 30);
    const timeout = number(values.timeout, 300);
    const price = values['minute-price'] === undefined ? undefined : number(values['minute-price'], Number.NaN);
    if (last === undefined || !Number.isInteger(last) || last < 1)
        return usage(`--last: "${values.last ?? ''}" is not a whole number of at least 1`);
    if (timeout === undefined || timeout <= 0)
        return usage(`--timeout: "${values.timeout ?? ''}" is not a number of seconds above 0`);
    if (price !== undefined && !(price >= 0))
        return usage(`--minute-price: "${values['minute-price'] ?? ''}" is not a number of at least 0`);
    const repo = /^([\w.-]+)\/([\w.-]+)$/.exec(values.repo ?? '');
    if (values.dir === undefined && !repo)
        return usage(values.repo === undefined ? 'give --repo owner/name or --dir' : `--repo: "${values.repo}" is not owner/name`);
    let collected;
    if (values.dir !== undefined) {
        collected = await readLogDir((0,external_node_path_.resolve)(io.cwd, values.dir));
    }
    else {
        const token = io.env.GITHUB_TOKEN?.trim() || (await (io.ghToken ?? ghAuthToken)()) || '';
        if (token === '')
            io.err('warning: no token (GITHUB_TOKEN, or gh auth login): GitHub answers 60 requests an hour without one, and no job log');
        const deadline = new lib_deadline/* Deadline */.B2(timeout);
        try {
            const client = new RestClient({
                token,
                apiUrl: io.env.GITHUB_API_URL,
                deadline,
                ...(io.fetch ? { fetch: io.fetch } : {}),
                onWait: (s, why) => {
                    io.err(`waiting ${s}s for ${why}`);
                }
            });
            collected = await fetchRuns({
                owner: repo?.[1] ?? '',
                repo: repo?.[2] ?? '',
                workflow: values.workflow,
                branch: values.branch,
                job: values.job,
                last,
                cacheDir: (0,external_node_path_.resolve)(io.cwd, values['cache-dir'] ?? defaultCacheDir(io.env)),
                client,
                progress: (line) => {
                    io.err(line);
                }
            });
        }
        finally {
            deadline.dispose();
        }
    }
    const trend = await trendOf(collected, { minutePrice: price });
    for (const p of trend.problems)
        io.err(`warning: ${p}`);
    io.out(values.json ? renderJson(trend) : values.markdown ? renderMarkdown(trend) : renderText(trend));
    return trend.jobs.length === 0 ? 1 : 0;
}
function number(s, fallback) {
    if (s === undefined)
        return fallback;
    const n = Number(s.trim().replace(/s$/, ''));
    return s.trim() === '' || !Number.isFinite(n) ? undefined : n;
}
function defaultCacheDir(env) {
    return (0,external_node_path_.join)(env.XDG_CACHE_HOME ?? (0,external_node_path_.join)((0,external_node_os_.homedir)(), '.cache'), 'build-insights');
}
/** `gh auth token`, bounded: gh may be missing, logged out, or waiting on a keyring. */
function ghAuthToken() {
    return new Promise((done) => {
        (0,external_node_child_process_.execFile)('gh', ['auth', 'token'], { timeout: 10_000 }, (error, stdout) => {
            done(error ? undefined : stdout.trim() || undefined);
        });
    });
}


/***/ })

};
