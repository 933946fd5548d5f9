export const id = 775;
export const ids = [775];
export const modules = {

/***/ 3775:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   actionsCacheStore: () => (/* binding */ actionsCacheStore),
/* harmony export */   baselineDir: () => (/* binding */ baselineDir),
/* harmony export */   baselineKey: () => (/* binding */ baselineKey),
/* harmony export */   baselinePrefix: () => (/* binding */ baselinePrefix)
/* harmony export */ });
/* harmony import */ var _actions_cache__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9312);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7598);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var _entry_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3931);
/* harmony import */ var _problems_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(5451);
/* harmony import */ var _deadline_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4611);







const realCache = {
    isFeatureAvailable: () => _actions_cache__WEBPACK_IMPORTED_MODULE_0__/* .isFeatureAvailable */ .w3(),
    restoreCache: (paths, primaryKey, restoreKeys, timeoutMs) => _actions_cache__WEBPACK_IMPORTED_MODULE_0__/* .restoreCache */ .P3(paths, primaryKey, restoreKeys, timeoutMs === undefined ? {} : { timeoutInMs: timeoutMs, segmentTimeoutInMs: timeoutMs }),
    saveCache: (paths, key) => _actions_cache__WEBPACK_IMPORTED_MODULE_0__/* .saveCache */ .Io(paths, key)
};
const SERVICE = 'the Actions cache service';
const KEY_HEAD = 'build-insights-v1';
/** 5 parts of at most 80 + 9 characters stay under @actions/cache's 512. */
const MAX_PART = 80;
const FILE = 'baseline.json';
/**
 * One part of a key: letters, digits, `.` and `_` only, so `-` stays the separator and a prefix
 * cannot reach into another job's keys ("build" must not match "build-arm"). A part that had to be
 * changed, or was empty or cut, gets `~` and a hash of the original: "a b" and "a/b" stay apart.
 */
function keyPart(raw) {
    // Accents dropped first so "café" reads "cafe" rather than "caf_".
    const clean = raw
        .normalize('NFKD')
        .replace(/\p{M}/gu, '')
        .replace(/[^A-Za-z0-9._]+/g, '_');
    if (clean === raw && clean !== '' && clean.length <= MAX_PART)
        return clean;
    return `${(clean === '' ? '_' : clean).slice(0, MAX_PART)}~${(0,node_crypto__WEBPACK_IMPORTED_MODULE_1__.createHash)('sha256').update(raw).digest('hex').slice(0, 8)}`;
}
/** `build-insights-v1-<workflow>-<job>-<name>-<run id>-<attempt>`; parts made safe for a cache key. */
function baselineKey(p) {
    return `${baselinePrefix(p)}${keyPart(p.runId)}-${keyPart(p.attempt)}`;
}
function baselinePrefix(p) {
    return `${KEY_HEAD}-${keyPart(p.workflow)}-${keyPart(p.job)}-${keyPart(p.name)}-`;
}
/**
 * Where to keep the file: the cache version is a hash of the path as given, so it must be the same
 * absolute path in every run (RUNNER_TEMP is), or no run finds another's entry.
 */
function baselineDir(runnerTemp) {
    return (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.resolve)(runnerTemp), 'build-insights-baseline');
}
/**
 * The library has no abort for a lookup, a reservation or an upload, and its HTTP client has no
 * timeout: each call races the deadline, and what the library still does after that is cut short
 * by the entry point's exit.
 */
function actionsCacheStore(parts, dir, lib = realCache, deadline = new _deadline_js__WEBPACK_IMPORTED_MODULE_5__/* .Deadline */ .B2(_deadline_js__WEBPACK_IMPORTED_MODULE_5__/* .DEFAULT_TIMEOUT_SECONDS */ .KU)) {
    // Absolute: @actions/cache resolves relative paths against GITHUB_WORKSPACE, not the cwd.
    const file = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.resolve)(dir), FILE);
    const prefix = baselinePrefix(parts);
    const available = () => {
        try {
            return lib.isFeatureAvailable();
        }
        catch {
            return false;
        }
    };
    const NO_SERVICE = 'no GitHub Actions cache service here (a local run, or GHES without the cache)';
    return {
        async load() {
            if (!available())
                return { entries: [], problem: (0,_problems_js__WEBPACK_IMPORTED_MODULE_6__/* .notice */ .lm)('service-unavailable', `${NO_SERVICE}: no baseline loaded`) };
            // a hung service costs the step the budget, and a warning says where it went
            if (deadline.expired())
                return { entries: [], problem: (0,_problems_js__WEBPACK_IMPORTED_MODULE_6__/* .warning */ .$e)('service-timeout', `no baseline loaded: ${deadline.message(SERVICE)}`) };
            let key;
            try {
                // A file left by an earlier step must not pass for the restored one.
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(file, { force: true });
                // No key starts with `<prefix>~` (see keyPart), so only the restore key matches: the newest entry.
                const restored = await deadline.bound(lib.restoreCache([file], `${prefix}~latest`, [prefix], deadline.remainingMs()), SERVICE);
                if (restored instanceof _deadline_js__WEBPACK_IMPORTED_MODULE_5__/* .Timeout */ .Ep)
                    return { entries: [], problem: (0,_problems_js__WEBPACK_IMPORTED_MODULE_6__/* .warning */ .$e)('service-timeout', `no baseline loaded: ${restored.message}`) };
                key = restored;
            }
            catch (e) {
                return { entries: [], problem: (0,_problems_js__WEBPACK_IMPORTED_MODULE_6__/* .notice */ .lm)('service-failed', `the baseline could not be restored from the Actions cache: ${(0,_problems_js__WEBPACK_IMPORTED_MODULE_6__/* .errorText */ .kc)(e)}`) };
            }
            // A miss and a failed service look alike here: @actions/cache logs the failure and returns undefined.
            if (key === undefined)
                return {
                    entries: [],
                    problem: (0,_problems_js__WEBPACK_IMPORTED_MODULE_6__/* .notice */ .lm)('baseline-missing', `no baseline in the Actions cache under ${prefix} (the first run, expired, or the service failed: see the log)`)
                };
            let json;
            try {
                json = JSON.parse(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readFile)(file, 'utf8'));
            }
            catch (e) {
                return { entries: [], key, problem: (0,_problems_js__WEBPACK_IMPORTED_MODULE_6__/* .warning */ .$e)('baseline-unreadable', `the cached baseline ${key} could not be read: ${(0,_problems_js__WEBPACK_IMPORTED_MODULE_6__/* .errorText */ .kc)(e)}`) };
            }
            const read = (0,_entry_js__WEBPACK_IMPORTED_MODULE_4__/* .readBaseline */ .mF)(json);
            return read.warning === undefined
                ? { entries: read.entries, key }
                : { entries: read.entries, key, problem: (0,_problems_js__WEBPACK_IMPORTED_MODULE_6__/* .warning */ .$e)('baseline-invalid', `the cached baseline ${key}: ${read.warning}`) };
        },
        async save(history) {
            const key = baselineKey(parts);
            if (!available())
                return { saved: false, key, problem: (0,_problems_js__WEBPACK_IMPORTED_MODULE_6__/* .notice */ .lm)('service-unavailable', `${NO_SERVICE}: the baseline was not saved`) };
            if (deadline.expired())
                return { saved: false, key, problem: (0,_problems_js__WEBPACK_IMPORTED_MODULE_6__/* .notice */ .lm)('service-timeout', `the baseline was not saved under ${key}: ${deadline.message(SERVICE)}`) };
            try {
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.resolve)(dir), { recursive: true });
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.writeFile)(file, `${JSON.stringify(history)}\n`);
                // saveCache logs and returns -1 for most failures (the key exists, the service failed) …
                const id = await deadline.bound(lib.saveCache([file], key), SERVICE);
                if (id instanceof _deadline_js__WEBPACK_IMPORTED_MODULE_5__/* .Timeout */ .Ep)
                    return { saved: false, key, problem: (0,_problems_js__WEBPACK_IMPORTED_MODULE_6__/* .notice */ .lm)('service-timeout', `the baseline was not saved under ${key}: ${id.message}`) };
                if (id < 0)
                    return {
                        saved: false,
                        key,
                        problem: (0,_problems_js__WEBPACK_IMPORTED_MODULE_6__/* .notice */ .lm)('baseline-not-saved', `the baseline was not saved under ${key}: the key exists (a re-run?) or the cache service refused it (see the log)`)
                    };
                return { saved: true, key };
            }
            catch (e) {
                // … and throws a few (ValidationError, ReserveCacheError in other versions): a notice all the same.
                const name = e instanceof Error ? e.name : '';
                const why = name === 'ReserveCacheError' ? 'the key exists' : (0,_problems_js__WEBPACK_IMPORTED_MODULE_6__/* .errorText */ .kc)(e);
                return { saved: false, key, problem: (0,_problems_js__WEBPACK_IMPORTED_MODULE_6__/* .notice */ .lm)('baseline-not-saved', `the baseline was not saved under ${key}: ${why}`) };
            }
        }
    };
}


/***/ })

};
