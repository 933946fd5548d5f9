export const id = 908;
export const ids = [908];
export const modules = {

/***/ 9908:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  exportTelemetry: () => (/* binding */ exportTelemetry)
});

// EXTERNAL MODULE: ./lib/deadline.js
var lib_deadline = __webpack_require__(4611);
// EXTERNAL MODULE: ./lib/problems.js
var problems = __webpack_require__(5451);
// EXTERNAL MODULE: ./lib/redact.js
var redact = __webpack_require__(5078);
// EXTERNAL MODULE: ./lib/analysis/analyse.js
var analyse = __webpack_require__(3299);
// EXTERNAL MODULE: ./lib/model/identity.js
var identity = __webpack_require__(3275);
;// CONCATENATED MODULE: ./lib/otlp/metrics.js


const def = (name, unit, per, description, integer = false) => ({ name, unit, description, integer, per });
const METRICS = {
    buildHitRate: def('docker.build.cache.hit_rate', '%', 'build', "Cached Dockerfile steps over all of the build's steps (FROM left out)"),
    buildSteps: def('docker.build.steps', '{step}', 'build', 'Dockerfile steps (FROM left out) that ran or were cached', true),
    buildCached: def('docker.build.steps.cached', '{step}', 'build', 'Dockerfile steps that were cache hits', true),
    buildDuration: def('docker.build.duration', 's', 'build', 'Build time: wall clock (rawjson, build records) or the sum of vertex times (plain)'),
    runHitRate: def('docker.builds.cache.hit_rate', '%', 'run', 'Cached steps over all steps of every build the run read'),
    runSteps: def('docker.builds.steps', '{step}', 'run', 'Dockerfile steps of every build the run read', true),
    runCached: def('docker.builds.steps.cached', '{step}', 'run', 'Cached Dockerfile steps of every build the run read', true),
    runDuration: def('docker.builds.duration', 's', 'run', 'Build time summed over the builds the run read'),
    runBuilds: def('docker.builds.count', '{build}', 'run', 'Builds the run read', true),
    billableMinutes: def('github.job.billable_minutes', 'min', 'run', "The job's billable minutes so far, rounded up as GitHub bills each job", true),
    cost: def('github.job.cost', '{USD}', 'run', "The job's billable minutes at the runner's minute price"),
    cacheSize: def('docker.build_cache.size', 'By', 'run', "Bytes in the builder's build cache after the builds (docker buildx du)", true)
};
/**
 * What tells one job's series from another's: GitHub's names for the run (`github.repository`,
 * `github.job`, `matrix.<key>`, `runner.os`). Run ids, commits and runner names are left out: a
 * new value every run would be a new series every run.
 */
function jobAttributes(job) {
    const a = {};
    const put = (key, value) => {
        if (value !== undefined && value !== '')
            a[key] = value;
    };
    put('github.repository', job?.repository);
    put('github.workflow', job?.workflow);
    put('github.job', job?.job);
    put('github.ref', job?.ref);
    for (const [k, v] of Object.entries(job?.matrix ?? {}))
        put(`matrix.${k}`, v);
    put('runner.os', job?.runner?.os);
    put('runner.arch', job?.runner?.arch);
    put('runner.environment', job?.runner?.environment);
    return a;
}
/** `linux/amd64,linux/arm64`; none where BuildKit printed no platform. */
function platform(platforms) {
    return platforms.length === 0 ? {} : { 'docker.build.platform': platforms.join(',') };
}
/** One point per build and per run, each with the job's attributes; the build's name and platforms tell builds apart. */
function metricPoints(report) {
    const job = jobAttributes(report.job);
    const points = [];
    const add = (metric, value, attributes) => {
        if (value !== null && value !== undefined && Number.isFinite(value))
            points.push({ metric, value, attributes });
    };
    for (const b of report.builds) {
        const cached = b.steps.filter((s) => s.cached).length;
        const attributes = { ...job, 'docker.build.name': (0,identity/* buildName */.AL)(b), ...platform(b.platforms ?? []) };
        add(METRICS.buildHitRate, (0,analyse/* hitRate */.aK)(cached, b.steps.length), attributes);
        add(METRICS.buildSteps, b.steps.length, attributes);
        add(METRICS.buildCached, cached, attributes);
        add(METRICS.buildDuration, b.duration, attributes);
    }
    const t = report.totals;
    const platforms = [...new Set(report.builds.flatMap((b) => b.platforms ?? []))].sort();
    const run = { ...job, ...platform(platforms) };
    add(METRICS.runHitRate, t.hitRate, run);
    add(METRICS.runSteps, t.steps, run);
    add(METRICS.runCached, t.cached, run);
    add(METRICS.runDuration, t.duration, run);
    add(METRICS.runBuilds, t.builds, run);
    add(METRICS.billableMinutes, report.billing?.billableMinutes, job);
    add(METRICS.cost, report.billing?.cost, job);
    if (report.cache)
        add(METRICS.cacheSize, report.cache.totals.total, { ...job, 'docker.builder': report.cache.builder });
    return points;
}

// EXTERNAL MODULE: ./lib/otlp/settings.js
var settings = __webpack_require__(3478);
// EXTERNAL MODULE: ./lib/model/intervals.js
var intervals = __webpack_require__(711);
;// CONCATENATED MODULE: ./lib/otlp/spans.js



/** Spans sent at most in one run: a build of thousands of steps keeps its build and stage spans. */
const MAX_SPANS = 5000;
const MAX_NAME = 200;
const cut = (s) => (s.length > MAX_NAME ? `${s.slice(0, MAX_NAME - 1)}…` : s);
function stepSpan(s, at) {
    const node = {
        // as BuildKit prints it: `[build 3/5] RUN npm ci`
        name: cut(s.name),
        start: at[0],
        end: at[1],
        attributes: {
            'docker.build.stage': s.stage,
            'docker.build.step': `${s.index}/${s.count}`,
            'docker.build.step.instruction': s.instruction.toUpperCase(),
            'docker.build.step.cached': s.cached,
            'docker.build.step.status': s.status
        },
        children: []
    };
    if (s.platform !== '')
        node.attributes['docker.build.platform'] = s.platform;
    if (s.status === 'error')
        node.error = 'the step failed';
    return node;
}
function stageSpan(st) {
    const steps = st.steps.flatMap((s) => (s.span ? [stepSpan(s, s.span)] : []));
    const at = (0,intervals/* span */.L)(steps.map((s) => [s.start, s.end]));
    if (at === undefined)
        return undefined;
    const node = {
        name: cut(`stage ${st.name}${st.platform === '' ? '' : ` (${st.platform})`}`),
        start: at[0],
        end: at[1],
        attributes: { 'docker.build.stage': st.name, 'docker.build.steps': st.steps.length, 'docker.build.steps.cached': st.cached },
        children: steps
    };
    if (st.platform !== '')
        node.attributes['docker.build.platform'] = st.platform;
    return node;
}
function buildSpan(b, start, end) {
    const cached = b.steps.filter((s) => s.cached).length;
    const name = (0,identity/* buildName */.AL)(b);
    const node = {
        name: cut(`docker build ${name}`),
        start,
        end,
        attributes: {
            'docker.build.name': name,
            'docker.build.status': b.status,
            'docker.build.steps': b.steps.length,
            'docker.build.steps.cached': cached
        },
        children: b.stages.flatMap((st) => stageSpan(st) ?? [])
    };
    const rate = (0,analyse/* hitRate */.aK)(cached, b.steps.length);
    if (rate !== null)
        node.attributes['docker.build.cache.hit_rate'] = rate;
    if ((b.platforms ?? []).length > 0)
        node.attributes['docker.build.platform'] = (b.platforms ?? []).join(',');
    if (b.ref !== undefined)
        node.attributes['docker.build.ref'] = b.ref;
    if (b.dockerfile !== undefined)
        node.attributes['docker.build.dockerfile'] = b.dockerfile;
    if (b.status !== 'success')
        node.error = b.error ?? `the build ${b.status === 'canceled' ? 'was canceled' : 'failed'}`;
    return node;
}
/** One trace per build that has timestamps; the others are named, so that the job log can say why they have none. */
function buildTraces(report) {
    const traces = [];
    const untimed = [];
    for (const b of report.builds) {
        if (b.startedAt === undefined || b.completedAt === undefined)
            untimed.push((0,identity/* buildName */.AL)(b));
        else
            traces.push(buildSpan(b, b.startedAt, b.completedAt));
    }
    const stepsLeftOut = traces.reduce((n, t) => n + countSpans(t), 0) > MAX_SPANS;
    if (stepsLeftOut)
        for (const t of traces)
            for (const st of t.children)
                st.children = [];
    return { traces, untimed, stepsLeftOut };
}
/** Spans in a trace, the root included. */
function countSpans(node) {
    return 1 + node.children.reduce((n, c) => n + countSpans(c), 0);
}

;// CONCATENATED MODULE: ./lib/otlp/export.js






// Sends the report's metrics (and, asked for, its builds as traces) to the team's OpenTelemetry
// backend. Nothing here can fail the step: an endpoint that refuses, does not answer or is not
// there is a warning, and the wait is bounded by what is left of the `timeout` budget.
/** Even with the budget spent on docker, the export gets this long: a few seconds for one request. */
const FLOOR_MS = 5_000;
const SERVICE = { 'service.name': 'build-insights' };
/** The run as a trace's resource: its identity in full, run and commit included (a trace is one run). */
function traceResource(report) {
    const j = report.job;
    const a = { ...SERVICE, ...jobAttributes(j) };
    const put = (key, value) => {
        if (value !== undefined)
            a[key] = value;
    };
    put('github.run_id', j?.runId);
    put('github.run_attempt', j?.runAttempt);
    put('github.run_url', j?.runUrl);
    put('github.sha', j?.sha);
    put('runner.name', j?.runner?.name);
    return a;
}
async function exportTelemetry(report, settings, io, budget) {
    const ms = Math.max(FLOOR_MS, budget.remainingMs());
    const deadline = new lib_deadline/* Deadline */.B2(ms / 1000);
    const target = (url) => ({ url, headers: settings.headers, timeoutMs: ms });
    try {
        // the SDK is loaded here, and only here: a run without an endpoint never pays for it
        const sdk = await Promise.all(/* import() */[__webpack_require__.e(964), __webpack_require__.e(651)]).then(__webpack_require__.bind(__webpack_require__, 2651));
        const points = metricPoints(report);
        const sends = [
            [`${points.length} metric points`, settings.metricsUrl, (t) => sdk.sendMetrics(points, SERVICE, t)]
        ];
        if (settings.traces) {
            const built = buildTraces(report);
            if (built.untimed.length > 0)
                io.notice(`OTLP: no trace for ${built.untimed.join(', ')}: a plain log has no timestamps (build with --progress=rawjson, or read the build records with build-refs)`);
            if (built.stepsLeftOut)
                io.notice('OTLP: the traces carry builds and stages only: their steps were too many to send');
            const spans = built.traces.reduce((n, t) => n + countSpans(t), 0);
            if (built.traces.length > 0)
                sends.push([`${built.traces.length} trace(s) of ${spans} spans`, settings.tracesUrl, (t) => sdk.sendTraces(built.traces, traceResource(report), t)]);
        }
        await Promise.all(sends.map(([what, url, send]) => sendOne(what, url, () => send(target(url)), deadline, io)));
    }
    catch (e) {
        io.warning(`OTLP: nothing was sent: ${(0,redact/* redact */.E$)((0,problems/* errorText */.kc)(e)).text}`);
    }
    finally {
        deadline.dispose();
    }
}
async function sendOne(what, url, send, deadline, io) {
    const where = (0,settings/* shownUrl */.zA)(url);
    try {
        const r = await deadline.bound(send(), `the OTLP endpoint ${where}`);
        if (r instanceof lib_deadline/* Timeout */.Ep)
            io.warning(`OTLP: ${what} not sent: ${r.message}`);
        else if (r.ok)
            io.info(`OTLP: sent ${what} to ${where}`);
        else
            io.warning(`OTLP: ${what} not sent to ${where}: ${(0,redact/* redact */.E$)(r.error ?? 'the export failed').text}`);
    }
    catch (e) {
        io.warning(`OTLP: ${what} not sent to ${where}: ${(0,redact/* redact */.E$)((0,problems/* errorText */.kc)(e)).text}`);
    }
}


/***/ })

};
