export const id = 249;
export const ids = [249];
export const modules = {

/***/ 4630:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  seedFromRuns: () => (/* binding */ seedFromRuns)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./lib/deadline.js
var deadline = __webpack_require__(4611);
// EXTERNAL MODULE: ./lib/problems.js
var lib_problems = __webpack_require__(5451);
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
                return { status: 0, data: undefined, error: deadline.signal.aborted ? deadline.message('the REST API') : ((0,lib_problems/* errorText */.kc)(e).split('\n')[0] ?? 'no answer') };
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

// EXTERNAL MODULE: ./lib/billing/github-runs.js
var github_runs = __webpack_require__(7655);
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

// EXTERNAL MODULE: ./lib/sources/log-files.js
var log_files = __webpack_require__(1458);
// EXTERNAL MODULE: ./lib/pipeline.js + 13 modules
var pipeline = __webpack_require__(3734);
// EXTERNAL MODULE: ./lib/analysis/analyse.js
var analyse = __webpack_require__(3299);
// EXTERNAL MODULE: ./lib/redact.js
var redact = __webpack_require__(5078);
// EXTERNAL MODULE: ./lib/billing/billing.js + 1 modules
var billing = __webpack_require__(9904);
// EXTERNAL MODULE: ./lib/report/schema.js
var schema = __webpack_require__(7455);
// EXTERNAL MODULE: ./lib/baseline/entry.js
var entry = __webpack_require__(3931);
;// CONCATENATED MODULE: ./lib/baseline/seed-runs.js












async function seedFromRuns(o) {
    const none = (why) => ({ entries: [], problems: [(0,lib_problems/* notice */.lm)('baseline-missing', `baseline: runs: no baseline read from past runs: ${why}.`)] });
    const file = (0,github_runs/* workflowFile */.EY)(o.env.GITHUB_WORKFLOW_REF ?? '');
    if (file === undefined)
        return none('no workflow file in GITHUB_WORKFLOW_REF');
    if (o.defaultBranch === undefined)
        return none('the default branch is unknown (no repository in the event payload)');
    const runId = o.env.GITHUB_RUN_ID ?? '';
    // the jobs API names the job as the runner shows it (`build (amd64)`), which GITHUB_JOB (its key) does not
    const me = runId === '' ? {} : await (0,github_runs/* currentJob */.bH)(o.request, o.owner, o.repo, runId, o.env.GITHUB_RUN_ATTEMPT ?? '1', o.env.RUNNER_NAME, o.env.GITHUB_JOB);
    const job = me.name ?? o.env.GITHUB_JOB;
    if (job === undefined)
        return none("this job's name is unknown");
    const client = new RestClient({ token: o.token, apiUrl: o.env.GITHUB_API_URL, deadline: o.deadline, ...(o.fetch ? { fetch: o.fetch } : {}) });
    const got = await fetchRuns({
        owner: o.owner,
        repo: o.repo,
        workflow: file,
        branch: o.defaultBranch,
        job,
        // one more than the window: this run may be among them
        last: entry/* WINDOW */.jf + 1,
        cacheDir: (0,external_node_path_.join)(o.runnerTemp, 'build-insights-runs'),
        client
    });
    const entries = [];
    for (const log of got.logs) {
        // matrix legs are one job each: this leg's own name only
        if (log.run.id === runId || log.job.name !== job)
            continue;
        const read = await (0,log_files/* readLogFile */.jQ)(log.file);
        const builds = (0,pipeline/* modelBuilds */.NJ)((0,redact/* redactBuilds */.Rm)(read.builds).builds);
        const analysis = (0,analyse/* analyse */.KH)(builds);
        if (analysis.totals.steps === 0)
            continue;
        const started = Date.parse(log.job.startedAt ?? '');
        const completed = Date.parse(log.job.completedAt ?? '');
        const minutes = Number.isNaN(started) || Number.isNaN(completed) ? undefined : (0,billing/* billableMinutes */.rT)(completed - started);
        const at = log.job.completedAt ?? log.run.createdAt ?? new Date(0).toISOString();
        entries.push((0,entry/* toEntry */.q0)({ ...analysis, generatedAt: at, schemaVersion: schema/* SCHEMA_VERSION */.f, billing: minutes === undefined ? undefined : { billableMinutes: minutes } }, { runId: log.run.id, runAttempt: String(log.run.attempt), sha: log.run.sha, ref: `refs/heads/${o.defaultBranch}` }));
    }
    entries.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
    const window = entries.slice(-entry/* WINDOW */.jf);
    const missing = got.missing.filter((m) => m.job.name === job).length;
    const problems = [...(me.problem ? [me.problem] : []), ...got.problems.map((p) => (0,lib_problems/* notice */.lm)('api-error', `baseline: runs: ${p}`))];
    const lost = missing === 0 ? '' : ` (${missing} job log${missing === 1 ? '' : 's'} could not be read: expired, refused or out of time)`;
    problems.push((0,lib_problems/* notice */.lm)(window.length > 0 ? 'baseline-seeded' : 'baseline-missing', `baseline: runs: ${window.length} past run${window.length === 1 ? '' : 's'} of ${file} job "${job}" on ${o.defaultBranch} read from their job logs${lost}.`));
    return { entries: window, problems };
}


/***/ })

};
