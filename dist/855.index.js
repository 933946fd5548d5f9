export const id = 855;
export const ids = [855];
export const modules = {

/***/ 5855:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  mergeLegs: () => (/* binding */ mergeLegs)
});

// UNUSED EXPORTS: readLegs

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./lib/action-io.js + 2 modules
var action_io = __webpack_require__(7507);
// EXTERNAL MODULE: ./lib/constants.js
var constants = __webpack_require__(4238);
// EXTERNAL MODULE: ./lib/json.js
var lib_json = __webpack_require__(6413);
// EXTERNAL MODULE: ./lib/problems.js
var lib_problems = __webpack_require__(5451);
// EXTERNAL MODULE: ./lib/format.js
var format = __webpack_require__(2016);
// EXTERNAL MODULE: ./lib/regular-file.js
var regular_file = __webpack_require__(2454);
// EXTERNAL MODULE: ./lib/sources/log-files.js
var log_files = __webpack_require__(1458);
// EXTERNAL MODULE: ./lib/analysis/analyse.js
var analyse = __webpack_require__(3299);
// EXTERNAL MODULE: ./lib/model/identity.js
var identity = __webpack_require__(3275);
// EXTERNAL MODULE: ./lib/report/schema.js
var schema = __webpack_require__(7455);
;// CONCATENATED MODULE: ./lib/merge/leg.js




const str = (x) => (typeof x === 'string' ? x : undefined);
const count = (x) => {
    const n = (0,lib_json/* finite */.E2)(x);
    return n !== undefined && Number.isInteger(n) && n >= 0 ? n : undefined;
};
const nonNegative = (x) => {
    const n = (0,lib_json/* finite */.E2)(x);
    return n !== undefined && n >= 0 ? n : undefined;
};
function totalsOf(x) {
    if (!(0,lib_json/* isRecord */.u4)(x))
        return undefined;
    const steps = count(x.steps);
    const cached = count(x.cached);
    const duration = nonNegative(x.duration);
    if (steps === undefined || cached === undefined || cached > steps || duration === undefined)
        return undefined;
    const kind = x.durationKind;
    return {
        steps,
        cached,
        // made again from the counts: the one figure the gates judge is never taken on trust
        hitRate: (0,analyse/* hitRate */.aK)(cached, steps),
        builds: count(x.builds) ?? 0,
        failed: count(x.failed) ?? 0,
        duration,
        durationKind: kind === 'wall' || kind === 'sum' ? kind : 'mixed'
    };
}
function stagesOf(x) {
    if (!Array.isArray(x))
        return [];
    return x.flatMap((s) => {
        if (!(0,lib_json/* isRecord */.u4)(s))
            return [];
        const name = str(s.name);
        const steps = count(s.steps);
        const cached = count(s.cached);
        if (name === undefined || steps === undefined || cached === undefined || cached > steps)
            return [];
        return [{ platform: str(s.platform) ?? '', name, steps, cached, seconds: nonNegative(s.seconds) ?? 0 }];
    });
}
function deltasOf(x) {
    if (!(0,lib_json/* isRecord */.u4)(x))
        return undefined;
    const runs = count(x.runs);
    const baselineDuration = nonNegative(x.baselineDuration);
    if (runs === undefined || baselineDuration === undefined)
        return undefined;
    const d = {
        runs,
        baselineDuration,
        baselineHitRate: (0,lib_json/* finite */.E2)(x.baselineHitRate) ?? null,
        hitRateDelta: (0,lib_json/* finite */.E2)(x.hitRateDelta) ?? null
    };
    const durationDelta = (0,lib_json/* finite */.E2)(x.durationDelta);
    if (durationDelta !== undefined)
        d.durationDelta = durationDelta;
    const percent = (0,lib_json/* finite */.E2)(x.durationDeltaPercent);
    if (percent !== undefined)
        d.durationDeltaPercent = percent;
    return d;
}
function billingOf(x) {
    if (!(0,lib_json/* isRecord */.u4)(x))
        return undefined;
    const b = {};
    const billable = count(x.billableMinutes);
    if (billable !== undefined)
        b.billableMinutes = billable;
    const cost = nonNegative(x.cost);
    if (cost !== undefined)
        b.cost = cost;
    const monthly = nonNegative(x.monthlyMinutes);
    if (monthly !== undefined)
        b.monthlyMinutes = monthly;
    const monthlyCost = nonNegative(x.monthlyCost);
    if (monthlyCost !== undefined)
        b.monthlyCost = monthlyCost;
    const sku = (0,lib_json/* isRecord */.u4)(x.price) ? str(x.price.sku) : undefined;
    if (sku !== undefined)
        b.sku = sku;
    return b;
}
function jobOf(x) {
    if (!(0,lib_json/* isRecord */.u4)(x))
        return undefined;
    const job = {};
    for (const key of ['repository', 'workflow', 'job', 'runId', 'runAttempt', 'runUrl', 'ref', 'sha']) {
        const v = str(x[key]);
        if (v !== undefined)
            job[key] = v;
    }
    if ((0,lib_json/* isRecord */.u4)(x.matrix)) {
        const matrix = Object.fromEntries(Object.entries(x.matrix).filter((e) => typeof e[1] === 'string'));
        if (Object.keys(matrix).length > 0)
            job.matrix = matrix;
    }
    if ((0,lib_json/* isRecord */.u4)(x.runner)) {
        const r = x.runner;
        const runner = {};
        for (const key of ['name', 'os', 'arch', 'environment']) {
            const v = str(r[key]);
            if (v !== undefined)
                runner[key] = v;
        }
        job.runner = runner;
    }
    return job;
}
function buildsOf(x) {
    if (!Array.isArray(x))
        return [];
    return x.flatMap((b) => {
        if (!(0,lib_json/* isRecord */.u4)(b))
            return [];
        const images = Array.isArray(b.images) ? b.images.filter((i) => typeof i === 'string') : [];
        const target = str(b.target);
        const dockerfile = str(b.dockerfile);
        const file = str(b.file) ?? '';
        return [
            (0,identity/* buildName */.AL)({ images, file, index: count(b.index) ?? 1, ...(target === undefined ? {} : { target }), ...(dockerfile === undefined ? {} : { dockerfile }) })
        ];
    });
}
/** A leg from a report's JSON, or why it is none (named with the file by the caller). */
function readLeg(json, file) {
    if (!(0,lib_json/* isRecord */.u4)(json))
        return { problem: 'is not a JSON object' };
    if (json.kind === 'merged')
        return { problem: 'is a merged report: give the reports of the legs' };
    const version = (0,lib_json/* finite */.E2)(json.schemaVersion);
    const totals = totalsOf(json.totals);
    if (version === undefined || totals === undefined)
        return {
            problem: `is not a build-insights report (no schemaVersion and totals${version !== undefined && version !== schema/* SCHEMA_VERSION */.f ? `; schemaVersion ${version}` : ''})`
        };
    const job = jobOf(json.job);
    const gate = (0,lib_json/* isRecord */.u4)(json.gate) ? json.gate.verdict : undefined;
    const platforms = Array.isArray(json.platforms)
        ? json.platforms.flatMap((p) => ((0,lib_json/* isRecord */.u4)(p) && typeof p.platform === 'string' && p.platform !== '' ? [p.platform] : [])).sort()
        : [];
    const leg = {
        file,
        name: file,
        generatedAt: str(json.generatedAt) ?? '',
        totals,
        platforms,
        stages: stagesOf(json.stages),
        builds: buildsOf(json.builds),
        gate: gate === 'pass' || gate === 'fail' ? gate : 'none'
    };
    if (job !== undefined)
        leg.job = job;
    const billing = billingOf(json.billing);
    if (billing !== undefined)
        leg.billing = billing;
    const deltas = deltasOf(json.deltas);
    if (deltas !== undefined)
        leg.deltas = deltas;
    return leg;
}

// EXTERNAL MODULE: ./lib/gates/index.js + 6 modules
var gates = __webpack_require__(742);
// EXTERNAL MODULE: ./lib/github/job.js
var job = __webpack_require__(4072);
// EXTERNAL MODULE: ./lib/round.js
var round = __webpack_require__(9431);
;// CONCATENATED MODULE: ./lib/merge/merge.js






/** Lowest hit rate first, a leg that read no step before all; then the longest. */
function worstFirst(a, b) {
    const ra = a.totals.hitRate ?? -1;
    const rb = b.totals.hitRate ?? -1;
    return ra - rb || b.totals.duration - a.totals.duration || a.name.localeCompare(b.name);
}
/** Each leg named as GitHub names the job (`build (linux/arm64)`); names that clash get the platforms, then the file. */
function nameLegs(legs) {
    const named = legs.map((l) => ({ ...l, name: (0,job/* legName */.ue)(l.job) ?? l.file }));
    const clash = (l) => named.filter((o) => o.name === l.name).length > 1;
    const withPlatforms = named.map((l) => (clash(l) && l.platforms.length > 0 ? { ...l, name: `${l.name} · ${l.platforms.join(', ')}` } : l));
    return withPlatforms.map((l) => (withPlatforms.filter((o) => o.name === l.name).length > 1 ? { ...l, name: `${l.name} · ${l.file}` } : l));
}
function sumTotals(legs) {
    const steps = legs.reduce((n, l) => n + l.totals.steps, 0);
    const cached = legs.reduce((n, l) => n + l.totals.cached, 0);
    const kinds = new Set(legs.map((l) => l.totals.durationKind));
    return {
        steps,
        cached,
        hitRate: (0,analyse/* hitRate */.aK)(cached, steps),
        builds: legs.reduce((n, l) => n + l.totals.builds, 0),
        failed: legs.reduce((n, l) => n + l.totals.failed, 0),
        duration: (0,round/* round */.LI)(legs.reduce((n, l) => n + l.totals.duration, 0), 3),
        durationKind: kinds.size === 1 ? ([...kinds][0] ?? 'sum') : kinds.size === 0 ? 'sum' : 'mixed'
    };
}
function sumStages(legs) {
    const byKey = new Map();
    for (const l of legs) {
        for (const s of l.stages) {
            const key = `${s.platform}\u0000${s.name}`;
            const t = byKey.get(key) ?? { platform: s.platform, name: s.name, steps: 0, cached: 0, seconds: 0 };
            t.steps += s.steps;
            t.cached += s.cached;
            t.seconds += s.seconds;
            byKey.set(key, t);
        }
    }
    return [...byKey.values()].map((s) => ({ ...s, seconds: (0,round/* tenths */.TP)(s.seconds), hitRate: (0,analyse/* hitRate */.aK)(s.cached, s.steps) }));
}
function sumPlatforms(stages) {
    const byPlatform = new Map();
    for (const s of stages) {
        const t = byPlatform.get(s.platform) ?? { steps: 0, cached: 0 };
        t.steps += s.steps;
        t.cached += s.cached;
        byPlatform.set(s.platform, t);
    }
    return [...byPlatform].map(([platform, t]) => ({ platform, ...t, hitRate: (0,analyse/* hitRate */.aK)(t.cached, t.steps) }));
}
function sumBilling(legs) {
    const minutes = legs.filter((l) => l.billing?.billableMinutes !== undefined);
    const priced = legs.filter((l) => l.billing?.cost !== undefined);
    const b = {
        billableMinutes: minutes.reduce((n, l) => n + (l.billing?.billableMinutes ?? 0), 0),
        minutesUnknown: legs.length - minutes.length,
        cost: (0,round/* cents */.wH)(priced.reduce((n, l) => n + (l.billing?.cost ?? 0), 0)),
        costUnknown: legs.length - priced.length
    };
    if (legs.length > 0 && legs.every((l) => l.billing?.monthlyMinutes !== undefined && l.billing.monthlyCost !== undefined)) {
        b.monthlyMinutes = legs.reduce((n, l) => n + (l.billing?.monthlyMinutes ?? 0), 0);
        b.monthlyCost = (0,round/* cents */.wH)(legs.reduce((n, l) => n + (l.billing?.monthlyCost ?? 0), 0));
    }
    return b;
}
/**
 * The whole against its baseline: the sum of the legs' baseline durations, and their baseline hit
 * rates weighted by each leg's steps (what the whole would read had every leg kept its rate).
 * Only when every leg with a step was compared with a baseline: a part is not the whole.
 */
function wholeDeltas(legs, totals) {
    const measured = legs.filter((l) => l.totals.steps > 0);
    if (measured.length === 0 || measured.some((l) => l.deltas === undefined))
        return undefined;
    const baselineDuration = measured.reduce((n, l) => n + (l.deltas?.baselineDuration ?? 0), 0);
    const rated = measured.filter((l) => l.deltas?.baselineHitRate !== null && l.deltas?.baselineHitRate !== undefined);
    const ratedSteps = rated.reduce((n, l) => n + l.totals.steps, 0);
    const baselineHitRate = rated.length === measured.length && ratedSteps > 0
        ? (0,round/* tenths */.TP)(rated.reduce((n, l) => n + (l.deltas?.baselineHitRate ?? 0) * l.totals.steps, 0) / ratedSteps)
        : null;
    const deltas = {
        runs: Math.min(...measured.map((l) => l.deltas?.runs ?? 0)),
        baselineDuration: (0,round/* round */.LI)(baselineDuration, 3),
        baselineHitRate,
        hitRateDelta: totals.hitRate === null || baselineHitRate === null ? null : (0,round/* tenths */.TP)(totals.hitRate - baselineHitRate),
        stages: [],
        steps: [],
        newMisses: [],
        history: []
    };
    if (measured.every((l) => l.deltas?.durationDelta !== undefined)) {
        deltas.durationDelta = (0,round/* round */.LI)(measured.reduce((n, l) => n + (l.deltas?.durationDelta ?? 0), 0), 3);
        if (baselineDuration > 0 && measured.every((l) => l.deltas?.durationDeltaPercent !== undefined))
            deltas.durationDeltaPercent = (0,round/* tenths */.TP)((deltas.durationDelta / baselineDuration) * 100);
    }
    return deltas;
}
const DURATION_GATES = new Set(['max-duration', 'max-duration-increase']);
/** `; worst leg `build (linux/arm64)`: 6.7% (1 of 15 steps cached)`: where a failed gate on the whole comes from. */
function worstLegOf(gate, legs) {
    if (legs.length < 2)
        return '';
    if (DURATION_GATES.has(gate)) {
        const longest = [...legs].sort((a, b) => b.totals.duration - a.totals.duration)[0];
        return longest ? `; longest leg \`${longest.name}\`: ${(0,format/* formatDuration */.a3)(longest.totals.duration)}` : '';
    }
    const worst = legs[0];
    if (worst?.totals.hitRate === null || worst === undefined)
        return '';
    return `; worst leg \`${worst.name}\`: ${(0,format/* formatPercent */.l9)(worst.totals.hitRate)}% (${worst.totals.cached} of ${worst.totals.steps} steps cached)`;
}
function judge(legs, totals, deltas, o) {
    const whole = (0,gates/* evaluateGates */.ud)(o.thresholds, totals, deltas);
    const checks = whole.checks.map((c) => (c.verdict === 'fail' ? { ...c, message: `${c.message}${worstLegOf(c.gate, legs)}` } : c));
    if (o.eachLeg) {
        for (const l of legs) {
            const legDeltas = l.deltas && { ...l.deltas, stages: [], steps: [], newMisses: [], history: [] };
            for (const c of (0,gates/* evaluateGates */.ud)(o.thresholds, l.totals, legDeltas).checks)
                checks.push({ ...c, message: `leg \`${l.name}\`: ${c.message}` });
        }
    }
    const verdict = checks.some((c) => c.verdict === 'fail') ? 'fail' : checks.some((c) => c.verdict === 'pass') ? 'pass' : 'none';
    return { verdict, checks };
}
function mergeLegReports(legs, files, problems, o) {
    const sorted = nameLegs([...legs]).sort(worstFirst);
    const totals = sumTotals(sorted);
    const stages = sumStages(sorted);
    const deltas = wholeDeltas(sorted, totals);
    const report = {
        schemaVersion: schema/* SCHEMA_VERSION */.f,
        kind: 'merged',
        generatedAt: o.now.toISOString(),
        files,
        legs: sorted,
        totals,
        platforms: sumPlatforms(stages),
        stages,
        billing: sumBilling(sorted),
        gate: judge(sorted, totals, deltas, o),
        problems
    };
    if (deltas)
        report.deltas = deltas;
    return report;
}

// EXTERNAL MODULE: ./lib/report/outputs.js
var outputs = __webpack_require__(8568);
;// CONCATENATED MODULE: ./lib/merge/outputs.js



/**
 * The step's outputs for the whole matrix: the same names as a leg's, every one always set. The
 * build cache and the Actions cache belong to each runner, not to the matrix: '' here.
 */
function mergedOutputsOf(r, reportPath) {
    const b = r.billing;
    const minutesKnown = r.legs.length > 0 && b.minutesUnknown === 0;
    const costKnown = r.legs.length > 0 && b.costUnknown === 0;
    return [
        ...(0,outputs/* countOutputs */.wo)(r, reportPath),
        [constants/* Output */.k7.CacheSize, ''],
        [constants/* Output */.k7.CacheReclaimable, ''],
        [constants/* Output */.k7.CacheGrowth, ''],
        [constants/* Output */.k7.ActionsCacheUsage, ''],
        ...(0,outputs/* baselineOutputs */.A5)(r.deltas),
        [constants/* Output */.k7.BillableMinutes, minutesKnown ? String(b.billableMinutes) : ''],
        [constants/* Output */.k7.Cost, costKnown ? (0,format/* fixedSigned */.pI)(b.cost, 2) : ''],
        [constants/* Output */.k7.MonthlyMinutes, b.monthlyMinutes === undefined ? '' : String(b.monthlyMinutes)],
        [constants/* Output */.k7.MonthlyCost, b.monthlyCost === undefined ? '' : (0,format/* fixedSigned */.pI)(b.monthlyCost, 2)],
        // a leg's change against its baseline in minutes is its own: not added up here
        [constants/* Output */.k7.BillableMinutesDelta, ''],
        [constants/* Output */.k7.CostDelta, ''],
        [constants/* Output */.k7.MonthlyMinutesDelta, ''],
        [constants/* Output */.k7.MonthlyCostDelta, ''],
        // what the cache saved is told against each leg's own baseline: not added up here either
        [constants/* Output */.k7.TimeSaved, ''],
        [constants/* Output */.k7.CacheOverhead, '']
    ];
}

// EXTERNAL MODULE: ./lib/summary/problems.js
var problems = __webpack_require__(4710);
// EXTERNAL MODULE: ./lib/summary/escape.js
var summary_escape = __webpack_require__(361);
// EXTERNAL MODULE: ./lib/summary/table.js
var table = __webpack_require__(9876);
;// CONCATENATED MODULE: ./lib/merge/summary.js





// The job summary of a merge: the whole matrix in one headline and one gate, then a row per leg,
// worst first, so that a leg at 30% is the first thing read and not hidden by one at 95%.
const VERDICT = { pass: '✅ pass', fail: '❌ fail', none: '–' };
const minutes = (l) => (l.billing?.billableMinutes === undefined ? '' : String(l.billing.billableMinutes));
const dollars = (n) => (n === undefined ? '' : `$${n.toFixed(2)}`);
/** `Linux ARM64`, as RUNNER_OS and RUNNER_ARCH say it. */
function runner(l) {
    const r = l.job?.runner;
    return (0,summary_escape/* escapeText */.X)([r?.os, r?.arch].filter((s) => s !== undefined).join(' '), 80);
}
function headline(r) {
    const t = r.totals;
    const legs = `${r.legs.length} leg${r.legs.length === 1 ? '' : 's'}`;
    const lines = [`## Docker build insights: ${legs}`, ''];
    if (t.steps === 0)
        lines.push(`**No Dockerfile step found** in ${r.files.length} report${r.files.length === 1 ? '' : 's'}.`);
    else {
        const d = r.deltas;
        const rateDelta = d?.hitRateDelta === null || d?.hitRateDelta === undefined ? '' : ` (${(0,format/* formatPointsDelta */.BK)(d.hitRateDelta)})`;
        lines.push([
            `**Cache hit rate ${(0,format/* formatPercent */.l9)(t.hitRate)}%**${rateDelta}`,
            `${t.cached} of ${t.steps} steps cached`,
            `${t.builds} build${t.builds === 1 ? '' : 's'}${t.failed > 0 ? ` (${t.failed} failed)` : ''} in ${legs}`,
            `**${(0,format/* formatDuration */.a3)(t.duration)}** of build time summed over the legs`
        ].join(' · '));
    }
    const b = r.billing;
    if (r.legs.length > 0 && b.minutesUnknown < r.legs.length) {
        const unknown = b.minutesUnknown === 0 ? '' : ` (${b.minutesUnknown} leg${b.minutesUnknown === 1 ? '' : 's'} unknown)`;
        const cost = b.costUnknown < r.legs.length
            ? ` ($${b.cost.toFixed(2)}${b.costUnknown === 0 || b.costUnknown === b.minutesUnknown ? '' : `, price unknown for ${b.costUnknown}`})`
            : '';
        const monthly = b.monthlyMinutes === undefined ? '' : ` · **${b.monthlyMinutes} min/month** ($${(b.monthlyCost ?? 0).toFixed(2)})`;
        lines.push('', `Runner minutes of the legs: **${b.billableMinutes} billable min**${cost}${unknown}${monthly}`);
    }
    for (const c of r.gate.checks) {
        const icon = c.verdict === 'pass' ? '✅' : c.verdict === 'fail' ? '❌' : 'ℹ️';
        lines.push('', `${icon} Gate: ${(0,summary_escape/* escapeText */.X)(c.message, 500)}`);
    }
    return `${lines.join('\n')}\n`;
}
function legsTable(r) {
    if (r.legs.length === 0)
        return '';
    const baseline = r.legs.some((l) => l.deltas !== undefined);
    // a single-platform build prints no platform: the matrix values in the leg's name say it then
    const plat = r.legs.some((l) => l.platforms.length > 0);
    const t = r.totals;
    const cells = (l) => [
        ...(plat ? [(0,summary_escape/* escapeText */.X)(l.platforms.join(', ') || '–', 120)] : []),
        runner(l),
        String(l.totals.builds),
        String(l.totals.steps),
        String(l.totals.cached),
        l.totals.hitRate === null ? '–' : `${(0,format/* formatPercent */.l9)(l.totals.hitRate)}%`,
        ...(baseline ? [l.deltas?.hitRateDelta === null || l.deltas?.hitRateDelta === undefined ? '' : (0,format/* formatPointsDelta */.BK)(l.deltas.hitRateDelta)] : []),
        `${(0,format/* formatDuration */.a3)(l.totals.duration)}${l.totals.durationKind === 'wall' ? '' : ' (sum)'}`,
        minutes(l),
        dollars(l.billing?.cost),
        l.totals.failed > 0 ? `❌ ${l.totals.failed} failed` : VERDICT[l.gate]
    ];
    const platforms = [...new Set(r.legs.flatMap((l) => l.platforms))].sort();
    return [
        '### Legs',
        '',
        'Worst first: the lowest cache hit rate, then the longest build time. Gate: as judged in the leg.',
        '',
        (0,table/* row */.n)([
            'Leg',
            ...(plat ? ['Platforms'] : []),
            'Runner',
            'Builds',
            'Steps',
            'Cached',
            'Hit rate',
            ...(baseline ? ['vs baseline'] : []),
            'Build time',
            'Billable min',
            'Cost',
            'Gate'
        ]),
        (0,table/* row */.n)(['---', ...(plat ? ['---'] : []), '---', '--:', '--:', '--:', '--:', ...(baseline ? ['--:'] : []), '--:', '--:', '--:', '---']),
        ...r.legs.map((l) => (0,table/* row */.n)([(0,summary_escape/* escapeText */.X)(l.name, 160), ...cells(l)])),
        (0,table/* row */.n)([
            `**All ${r.legs.length} legs**`,
            ...(plat ? [(0,summary_escape/* escapeText */.X)(platforms.join(', ') || '–', 200)] : []),
            '',
            String(t.builds),
            String(t.steps),
            String(t.cached),
            t.hitRate === null ? '–' : `**${(0,format/* formatPercent */.l9)(t.hitRate)}%**`,
            ...(baseline ? [r.deltas?.hitRateDelta === null || r.deltas?.hitRateDelta === undefined ? '' : (0,format/* formatPointsDelta */.BK)(r.deltas.hitRateDelta)] : []),
            (0,format/* formatDuration */.a3)(t.duration),
            r.billing.minutesUnknown === r.legs.length ? '' : String(r.billing.billableMinutes),
            r.billing.costUnknown === r.legs.length ? '' : dollars(r.billing.cost),
            VERDICT[r.gate.verdict]
        ]),
        ''
    ].join('\n');
}
const STAGE_ROWS = 300;
/** Each leg's stages, the worst leg first: where in the Dockerfile a leg's cache broke. */
function stagesTable(r) {
    const rows = r.legs.flatMap((l) => l.stages.map((s) => ({ leg: l.name, ...s })));
    if (rows.length === 0)
        return '';
    const plat = rows.some((s) => s.platform !== '');
    return [
        '### Stages',
        '',
        "Per leg, worst leg first; each leg's stages in the order its report lists them.",
        '',
        (0,table/* row */.n)(['Leg', 'Stage', ...(plat ? ['Platform'] : []), 'Steps', 'Cached', 'Hit rate', 'Step time']),
        (0,table/* row */.n)(['---', '---', ...(plat ? ['---'] : []), '--:', '--:', '--:', '--:']),
        ...rows
            .slice(0, STAGE_ROWS)
            .map((s) => (0,table/* row */.n)([
            (0,summary_escape/* escapeText */.X)(s.leg, 160),
            (0,summary_escape/* escapeText */.X)(s.name),
            ...(plat ? [(0,summary_escape/* escapeText */.X)(s.platform || '–')] : []),
            String(s.steps),
            String(s.cached),
            `${(0,format/* formatPercent */.l9)((0,analyse/* hitRate */.aK)(s.cached, s.steps))}%`,
            (0,format/* formatDuration */.a3)(s.seconds)
        ])),
        ...(rows.length > STAGE_ROWS ? ['', `… and ${rows.length - STAGE_ROWS} more stages in the JSON report.`] : []),
        ...(plat
            ? [
                '',
                `By platform over every leg: ${r.platforms.map((p) => `${(0,summary_escape/* escapeText */.X)(p.platform || '–')} ${(0,format/* formatPercent */.l9)(p.hitRate)}% (${p.cached}/${p.steps})`).join(' · ')}`
            ]
            : []),
        ''
    ].join('\n');
}
/** The merged job summary as one markdown string. */
function renderMergedSummary(r) {
    return [headline(r), (0,problems/* problemsNote */.d)(r.problems, 'Some reports could not be read:'), legsTable(r), stagesTable(r)].filter((s) => s !== '').join('\n');
}

;// CONCATENATED MODULE: ./lib/merge/run.js













// Merge mode, the last job of a matrix: the reports its legs uploaded (actions/download-artifact put
// them down) are read, and one report, one summary, one set of outputs and one gate come out.
/** Reads every report the patterns name; a file that is not one is a warning, and the rest is merged. */
async function readLegs(patterns, cwd) {
    const { files, problems } = await (0,log_files/* expandPatterns */.qL)(patterns, cwd);
    const legs = [];
    const read = [];
    for (const file of files) {
        const text = await (0,regular_file/* readRegularFile */.XF)((0,external_node_path_.resolve)(cwd, file));
        if (!text.ok) {
            problems.push((0,lib_problems/* problem */.CC)(text.missing ? 'file-missing' : 'file-unreadable', text.missing ? 'no such file' : text.message, { file }));
            continue;
        }
        const leg = readLeg((0,lib_json/* parseJson */.qF)(text.text), file);
        if ('problem' in leg) {
            problems.push((0,lib_problems/* problem */.CC)('json-unexpected', leg.problem, { file }));
            continue;
        }
        legs.push(leg);
        read.push(file);
    }
    if (files.length > 0 && legs.length === 0)
        problems.push((0,lib_problems/* problem */.CC)('no-builds', `${constants/* Input */.pd.MergeReports}: none of the ${files.length} file(s) is a report`));
    return { legs, files: read, problems };
}
async function mergeLegs(inputs, io) {
    const ignored = [
        inputs.logFiles.length > 0 ? constants/* Input */.pd.LogFiles : '',
        inputs.buildRefs !== '' ? constants/* Input */.pd.BuildRefs : '',
        inputs.run !== '' ? constants/* Input */.pd.Run : '',
        inputs.otlp ? constants/* Input */.pd.OtlpEndpoint : ''
    ].filter((s) => s !== '');
    if (ignored.length > 0)
        io.notice(`${constants/* Input */.pd.MergeReports} is set: ${ignored.join(', ')} ${ignored.length === 1 ? 'is' : 'are'} not used here (each leg reads its builds and sends its metrics)`);
    const read = await readLegs(inputs.mergeReports, io.cwd);
    const report = mergeLegReports(read.legs, read.files, read.problems, { thresholds: inputs.thresholds, eachLeg: inputs.gateEachLeg, now: io.now() });
    (0,action_io/* tell */.qz)(io, report.problems);
    let path = inputs.reportFile;
    try {
        await io.writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
    }
    catch (e) {
        io.warning(`${constants/* Input */.pd.ReportFile}: could not write ${path}: ${(0,lib_problems/* errorText */.kc)(e)}`);
        path = '';
    }
    try {
        (0,outputs/* setOutputs */.n0)(io, mergedOutputsOf(report, path), report.stages);
    }
    catch (e) {
        io.warning(`could not set the outputs: ${(0,lib_problems/* errorText */.kc)(e)}`);
    }
    if (inputs.summary) {
        try {
            await io.appendSummary(renderMergedSummary(report));
        }
        catch (e) {
            io.warning(`could not write the job summary: ${(0,lib_problems/* errorText */.kc)(e)}`);
        }
    }
    const t = report.totals;
    io.info(`${report.legs.length} leg(s): cache hit rate ${t.steps === 0 ? 'n/a' : `${(0,format/* formatPercent */.l9)(t.hitRate)}%`} (${t.cached}/${t.steps} steps) over ${t.builds} build(s)`);
    return report;
}


/***/ })

};
