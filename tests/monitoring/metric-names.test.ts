// The Grafana dashboard and the alert rules (deploy/monitoring/) name only metrics the service
// exports: ours from src/metrics.ts, the Temporal SDK's listed below, and Prometheus's own `up`.
// A renamed metric fails here instead of leaving an empty panel or an alert that never fires.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Histogram } from 'prom-client';
import { createMetrics } from '../../src/metrics';

const MONITORING = join(__dirname, '../../deploy/monitoring');

/**
 * The Temporal SDK metrics the dashboard and alerts use, as the worker's TEMPORAL_SDK_METRICS_PORT
 * serves them with @temporalio/worker 1.24 (scraped from a worker of this test stack): prefix
 * `temporal_`, counters without `_total`, latencies as histograms in milliseconds. Add a name here
 * only after seeing it on that endpoint; after an SDK upgrade, look again.
 */
const TEMPORAL_SDK_METRICS = {
  histograms: [
    'temporal_workflow_task_execution_latency',
    'temporal_workflow_task_schedule_to_start_latency',
    'temporal_workflow_task_replay_latency',
    'temporal_activity_execution_latency',
    'temporal_activity_schedule_to_start_latency',
    'temporal_request_latency',
    'temporal_long_request_latency',
  ],
  gauges: ['temporal_num_pollers', 'temporal_worker_task_slots_available', 'temporal_worker_task_slots_used', 'temporal_sticky_cache_size'],
  counters: ['temporal_workflow_task_queue_poll_succeed', 'temporal_activity_task_received', 'temporal_request', 'temporal_long_request'],
};

/** Series Prometheus writes itself for every target. */
const PROMETHEUS_SERIES = ['up'];

const histogramSeries = (name: string) => [`${name}_bucket`, `${name}_sum`, `${name}_count`];

function exportedSeries(): Set<string> {
  const names = new Set<string>(PROMETHEUS_SERIES);
  for (const process of ['api', 'worker'] as const) {
    for (const metric of createMetrics(process).registry.getMetricsAsArray()) {
      for (const name of metric instanceof Histogram ? histogramSeries(metric.name) : [metric.name]) names.add(name);
    }
  }
  for (const name of TEMPORAL_SDK_METRICS.histograms.flatMap(histogramSeries)) names.add(name);
  for (const name of [...TEMPORAL_SDK_METRICS.gauges, ...TEMPORAL_SDK_METRICS.counters]) names.add(name);
  return names;
}

const PROMQL_KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset']);

/** The metric names a PromQL expression selects: what is left once strings, label matchers, ranges,
 * grouping labels, functions and keywords are taken out. */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of bare.matchAll(/(?<![\w.$])[a-zA-Z_:][\w:]*/g)) {
    const rest = bare.slice(match.index + match[0].length).trimStart();
    if (rest.startsWith('(') || PROMQL_KEYWORDS.has(match[0])) continue;
    names.add(match[0]);
  }
  return [...names];
}

interface Panel {
  title: string;
  datasource?: { uid?: string };
  targets?: { expr?: string; datasource?: { uid?: string } }[];
  panels?: Panel[];
}

const dashboard = JSON.parse(readFileSync(join(MONITORING, 'grafana/dashboards/sufrah.json'), 'utf8')) as { uid: string; panels: Panel[] };
const panels = dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]).filter((panel) => panel.targets);

/** Each rule's `expr`, on one line or as a YAML block (`expr: >-` and the lines indented under it). */
function ruleExpressions(yamlText: string): { alert: string; expr: string }[] {
  const lines = yamlText.split('\n');
  const rules: { alert: string; expr: string }[] = [];
  let alert = '';
  lines.forEach((line, i) => {
    const named = /^\s*- alert:\s*(\S+)/.exec(line);
    if (named) alert = named[1]!;
    const key = /^(\s*)expr:\s*(.*)$/.exec(line);
    if (!key) return;
    const [, indent, value] = key as unknown as [string, string, string];
    if (!/^[>|]/.test(value)) {
      rules.push({ alert, expr: value });
      return;
    }
    const block: string[] = [];
    for (const next of lines.slice(i + 1)) {
      if (next.trim() && next.search(/\S/) <= indent.length) break;
      block.push(next.trim());
    }
    rules.push({ alert, expr: block.join(' ').trim() });
  });
  return rules;
}

const rules = ruleExpressions(readFileSync(join(MONITORING, 'prometheus/alerts.yml'), 'utf8'));

describe('metric names in PromQL', () => {
  test('are read from selectors, not from functions, labels, strings, ranges or grouping', () => {
    expect(
      metricNames(
        'histogram_quantile(0.99, sum by (le) (rate(sufrah_reply_latency_seconds_bucket{job="x", le!="+Inf"}[$__rate_interval]))) > 10',
      ),
    ).toEqual(['sufrah_reply_latency_seconds_bucket']);
    expect(metricNames('max(a_total) - max(a_total offset 30m) >= 5 or (sum(b) or vector(0)) < 1')).toEqual(['a_total', 'b']);
    expect(metricNames('sum(rate(x[5m])) by (outcome) / on(job) group_left(instance) up')).toEqual(['x', 'up']);
  });
});

describe('the Grafana dashboard', () => {
  test('parses, and every panel queries the provisioned Prometheus datasource', () => {
    const datasource = readFileSync(join(MONITORING, 'grafana/provisioning/datasources/prometheus.yml'), 'utf8');
    const uid = /^\s*uid:\s*(\S+)/m.exec(datasource)?.[1];
    expect(uid).toBe('prometheus');
    expect(panels.length).toBeGreaterThanOrEqual(8);
    for (const panel of panels) {
      expect({ panel: panel.title, uid: panel.datasource?.uid }).toEqual({ panel: panel.title, uid });
      for (const target of panel.targets!)
        expect({ panel: panel.title, uid: target.datasource?.uid ?? uid }).toEqual({ panel: panel.title, uid });
    }
  });

  test('names only metrics the service and the Temporal SDK export', () => {
    const exported = exportedSeries();
    const unknown = panels.flatMap((panel) =>
      panel.targets!.flatMap((target) => {
        const names = metricNames(target.expr ?? '');
        expect({ panel: panel.title, names: names.length > 0 }).toEqual({ panel: panel.title, names: true });
        return names.filter((name) => !exported.has(name)).map((name) => `${panel.title}: ${name}`);
      }),
    );
    expect(unknown).toEqual([]);
  });

  test('shows webhooks, reply latency, sends, failed sends, outgoing webhooks and the SDK task latencies', () => {
    const used = new Set(panels.flatMap((panel) => panel.targets!.flatMap((target) => metricNames(target.expr ?? ''))));
    for (const name of [
      'sufrah_webhooks_total',
      'sufrah_reply_latency_seconds_bucket',
      'sufrah_sends_total',
      'sufrah_failed_sends',
      'sufrah_outgoing_webhook_deliveries_total',
      'temporal_workflow_task_execution_latency_bucket',
      'temporal_workflow_task_schedule_to_start_latency_bucket',
    ]) {
      expect(used).toContain(name);
    }
  });
});

describe('the alert rules', () => {
  test('are the ones the on-call engineer is promised', () => {
    expect(rules.map((rule) => rule.alert)).toEqual([
      'FailedSendsGrowing',
      'WebhookServerErrors',
      'NoWorkerPolling',
      'ReplyLatencyHigh',
      'OutgoingWebhooksFailing',
      'MetricsScrapeFailing',
    ]);
  });

  test('name only metrics the service and the Temporal SDK export', () => {
    const exported = exportedSeries();
    for (const rule of rules) {
      const names = metricNames(rule.expr);
      expect({ alert: rule.alert, unknown: names.filter((name) => !exported.has(name)), any: names.length > 0 }).toEqual({
        alert: rule.alert,
        unknown: [],
        any: true,
      });
    }
  });
});
