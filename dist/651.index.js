export const id = 651;
export const ids = [651];
export const modules = {

/***/ 2651:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   sendMetrics: () => (/* binding */ sendMetrics),
/* harmony export */   sendTraces: () => (/* binding */ sendTraces)
/* harmony export */ });
/* harmony import */ var _opentelemetry_api__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8007);
/* harmony import */ var _opentelemetry_api__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1213);
/* harmony import */ var _opentelemetry_api__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(8408);
/* harmony import */ var _opentelemetry_api__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(1802);
/* harmony import */ var _opentelemetry_exporter_metrics_otlp_proto__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3767);
/* harmony import */ var _opentelemetry_exporter_trace_otlp_proto__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(7938);
/* harmony import */ var _opentelemetry_resources__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9481);
/* harmony import */ var _opentelemetry_sdk_metrics__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6700);
/* harmony import */ var _opentelemetry_sdk_metrics__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7297);
/* harmony import */ var _opentelemetry_sdk_trace__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(4815);






const SCOPE = 'build-insights';
/** A reader that collects when asked and never on a timer: the run ends right after. */
class OnceReader extends _opentelemetry_sdk_metrics__WEBPACK_IMPORTED_MODULE_0__/* .MetricReader */ .s {
    onForceFlush() {
        return Promise.resolve();
    }
    onShutdown() {
        return Promise.resolve();
    }
}
function outcome(result) {
    // ExportResultCode.SUCCESS is 0
    if (result.code === 0)
        return { ok: true };
    const e = result.error;
    const status = typeof e?.code === 'number' ? `HTTP ${e.code}` : '';
    // the SDK keeps no status for an answer worth retrying: only these four are
    const message = e?.message === 'Export failed with retryable status'
        ? 'the endpoint answered HTTP 429, 502, 503 or 504 on every try within the time budget'
        : (e?.message ?? 'the export failed');
    return { ok: false, error: status !== '' && !message.includes(String(e?.code)) ? `${status} ${message}` : message };
}
async function sendMetrics(points, resource, to) {
    const reader = new OnceReader();
    const provider = new _opentelemetry_sdk_metrics__WEBPACK_IMPORTED_MODULE_1__/* .MeterProvider */ .r({ resource: (0,_opentelemetry_resources__WEBPACK_IMPORTED_MODULE_2__/* .resourceFromAttributes */ .QZ)(resource), readers: [reader] });
    const meter = provider.getMeter(SCOPE);
    const gauges = new Map();
    for (const p of points) {
        let g = gauges.get(p.metric);
        if (g === undefined) {
            g = meter.createGauge(p.metric.name, {
                unit: p.metric.unit,
                description: p.metric.description,
                valueType: p.metric.integer ? _opentelemetry_api__WEBPACK_IMPORTED_MODULE_3__/* .ValueType */ .e.INT : _opentelemetry_api__WEBPACK_IMPORTED_MODULE_3__/* .ValueType */ .e.DOUBLE
            });
            gauges.set(p.metric, g);
        }
        g.record(p.value, p.attributes);
    }
    const { resourceMetrics, errors } = await reader.collect();
    if (errors.length > 0)
        return { ok: false, error: String(errors[0]) };
    const exporter = new _opentelemetry_exporter_metrics_otlp_proto__WEBPACK_IMPORTED_MODULE_4__/* .OTLPMetricExporter */ .r({ url: to.url, headers: to.headers, timeoutMillis: to.timeoutMs });
    try {
        return await new Promise((resolve) => {
            exporter.export(resourceMetrics, (r) => {
                resolve(outcome(r));
            });
        });
    }
    finally {
        void exporter.shutdown().catch(() => undefined);
        void provider.shutdown().catch(() => undefined);
    }
}
/** Keeps every span that ends, to send them in one request. */
class Collect {
    spans = [];
    onStart() {
        // nothing to do before a span ends
    }
    onEnd(span) {
        this.spans.push(span);
    }
    forceFlush() {
        return Promise.resolve();
    }
    shutdown() {
        return Promise.resolve();
    }
}
function start(tracer, node, parent) {
    const span = tracer.startSpan(node.name, { startTime: node.start, attributes: node.attributes }, parent);
    if (node.error !== undefined)
        span.setStatus({ code: _opentelemetry_api__WEBPACK_IMPORTED_MODULE_5__/* .SpanStatusCode */ .s.ERROR, message: node.error });
    const context = _opentelemetry_api__WEBPACK_IMPORTED_MODULE_6__/* .trace */ .u.setSpan(parent, span);
    for (const child of node.children)
        start(tracer, child, context);
    span.end(node.end);
}
async function sendTraces(traces, resource, to) {
    const collect = new Collect();
    const provider = new _opentelemetry_sdk_trace__WEBPACK_IMPORTED_MODULE_7__/* .TracerProvider */ .d({ resource: (0,_opentelemetry_resources__WEBPACK_IMPORTED_MODULE_2__/* .resourceFromAttributes */ .QZ)(resource), spanProcessors: [collect] });
    const tracer = provider.getTracer(SCOPE);
    // each build is the root of a trace of its own
    for (const t of traces)
        start(tracer, t, _opentelemetry_api__WEBPACK_IMPORTED_MODULE_8__/* .ROOT_CONTEXT */ .l);
    const exporter = new _opentelemetry_exporter_trace_otlp_proto__WEBPACK_IMPORTED_MODULE_9__/* .OTLPTraceExporter */ .Q({ url: to.url, headers: to.headers, timeoutMillis: to.timeoutMs });
    try {
        return await new Promise((resolve) => {
            exporter.export(collect.spans, (r) => {
                resolve(outcome(r));
            });
        });
    }
    finally {
        void exporter.shutdown().catch(() => undefined);
        void provider.shutdown().catch(() => undefined);
    }
}


/***/ })

};
