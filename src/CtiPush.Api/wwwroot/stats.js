// The statistics view: the server's figures (see README's glossary) per hour, day, week, queue or agent over a
// period, as a chart (Chart.js, vendored in lib/ with its licence) and as a table of the same figures beneath,
// with the same query as CSV. The chart: answered and abandoned calls as stacked bars (left axis), the service
// level and answer rate as lines (right axis, per cent); by time, every hour, day or week of the period has its place,
// those without calls (which the server leaves out) drawn as zero.
import "./lib/chart.js-4.6.1/chart.umd.min.js";
import { api } from "./api.js";
import { $, clone, fill } from "./dom.js";
import { dateParts, dayStart, isoDay, number, setPlain, setText, t } from "./i18n.js";

const { Chart } = globalThis; // the UMD build registers itself there
const colors = { answered: "#2f6fde", abandoned: "#d8435a", serviceLevel: "#1b8a5a", answerRate: "#8a5a1b" };
const groupColumn = { hour: "stats.byHour", day: "stats.byDay", week: "stats.byWeek", queue: "stats.byQueue", agent: "stats.byAgent" };
let chart = null;
let generation = 0; // counts queries from the start: an answer to an older choice (or a hidden view) is dropped

/** The query of the form: breakdown, period (from local midnight so many days back, to now) and hours. */
function query() {
  const form = new FormData($("#stats-form"));
  const days = Number(form.get("period"));
  const since = dayStart(isoDay(Date.now()), -days);
  return new URLSearchParams({ by: form.get("by"), since: since.toISOString(), hours: form.get("hours") });
}

export async function show() {
  const asked = ++generation;
  const params = query();
  $("#stats-export").href = "/api/v1/stats.csv?" + params;
  setPlain($("#stats-error"), "");
  try {
    const stats = await api("/api/v1/stats?" + params);
    if (asked !== generation) return; // a newer choice has been asked for, or the view left
    const by = params.get("by");
    summarize(stats.total);
    const byTime = by === "hour" || by === "day" || by === "week";
    draw(byTime ? filled(stats.rows, bucketStarts(new Date(params.get("since")), Date.now(), by)) : stats.rows, by);
    tabulate(stats, by);
  } catch (error) {
    if (asked === generation) setPlain($("#stats-error"), error.message);
  }
}

export function hide() {
  generation++;
  chart?.destroy();
  chart = null;
}

function summarize(total) {
  const params = { offered: total.offered, answered: total.answered, abandoned: total.abandoned };
  if (total.serviceLevel == null) setText($("#stats-summary"), "stats.summary", params);
  else setText($("#stats-summary"), "stats.summaryWithRates", { ...params, answerRate: percent(total.answerRate), serviceLevel: percent(total.serviceLevel) });
}

/** A group's name as the axis and the table show it: a bucket's start in the session's time zone, a queue, an agent. */
function label(group, by) {
  if (by === "hour") return dateParts(group, { month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
  if (by === "day") return dateParts(group, { weekday: "short", month: "2-digit", day: "2-digit" });
  if (by === "week") return dateParts(group, { year: "numeric", month: "2-digit", day: "2-digit" });
  return group ?? t("stats.noQueue");
}

const percent = (share) => (share == null ? null : Math.round(share * 1000) / 10);

/**
 * The start (ms) of each hour, day or week (from Monday) from since to until, in the session's time zone (the
 * server's CallLog:TimeZone), as the server names its buckets. Hours step from since, a local midnight: a local hour
 * begins every 3,600 s in every zone whose offset changes by whole hours; days and weeks step by calendar day.
 */
function bucketStarts(since, until, by) {
  const starts = [];
  if (by === "hour") {
    for (let start = since.getTime(); start < until; start += 3600_000) starts.push(start);
    return starts;
  }
  const first = isoDay(since);
  const [y, m, d] = first.split("-").map(Number);
  const back = by === "week" ? (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7 : 0; // to the Monday
  for (let days = -back; ; days += by === "week" ? 7 : 1) {
    const start = dayStart(first, days).getTime();
    if (start >= until) return starts;
    starts.push(start);
  }
}

/** The server's rows with a row of zeros for each bucket it left out (no calls), in time order. */
function filled(rows, starts) {
  const byStart = new Map(rows.map((row) => [Date.parse(row.group), row]));
  for (const start of starts) {
    if (!byStart.has(start)) byStart.set(start, { group: new Date(start).toISOString(), answered: 0, abandoned: 0, serviceLevel: null, answerRate: null });
  }
  return [...byStart.entries()].sort(([a], [b]) => a - b).map(([, row]) => row);
}

function draw(rows, by) {
  const labels = rows.map((row) => label(row.group, by));
  const bar = (key, name) => ({ type: "bar", label: t(name), data: rows.map((row) => row[key]), backgroundColor: colors[key], stack: "calls", yAxisID: "calls", order: 2, maxBarThickness: 64 });
  const line = (key, name) => ({
    type: "line", label: t(name), data: rows.map((row) => percent(row[key])), borderColor: colors[key], backgroundColor: colors[key],
    yAxisID: "share", spanGaps: true, order: 1,
  });
  const title = (key) => ({ display: true, text: t(key) });
  chart?.destroy();
  chart = new Chart($("#chart"), {
    data: {
      labels,
      datasets: [
        bar("answered", "stats.column.answered"), bar("abandoned", "stats.column.abandoned"),
        line("serviceLevel", "stats.column.serviceLevel"), line("answerRate", "stats.column.answerRate"),
      ],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      interaction: { mode: "index", intersect: false },
      // Bars first in the legend, as in the table; the lines are drawn over them (order).
      plugins: { legend: { position: "top", labels: { sort: (a, b) => a.datasetIndex - b.datasetIndex } } },
      scales: {
        x: { stacked: true, title: title(groupColumn[by]) },
        calls: { type: "linear", position: "left", stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: title("stats.axisCalls") },
        share: { type: "linear", position: "right", min: 0, max: 100, grid: { drawOnChartArea: false }, title: title("stats.axisPercent") },
      },
    },
  });
}

function tabulate(stats, by) {
  setText($("#stats-group-column"), groupColumn[by]);
  $("#stats-rows").replaceChildren(...stats.rows.map((row) => fill(clone("stats-row"), cells(row, label(row.group, by)))));
  $("#stats-total").replaceChildren(fill(clone("stats-row"), cells(stats.total, t("stats.total"))));
  // Each agent's share of the answered calls: a column by agent only.
  $("#stats-table").querySelectorAll(".share").forEach((cell) => { cell.hidden = by !== "agent"; });
}

function cells(figures, group) {
  const share = (value) => (value == null ? "" : t("stats.percent", { value: percent(value) }));
  const seconds = (value) => (value == null ? "" : t("stats.seconds", { value: Math.round(value) }));
  return {
    group,
    offered: number(figures.offered), answered: number(figures.answered), share: share(figures.answeredShare), abandoned: number(figures.abandoned),
    shortAbandoned: number(figures.shortAbandoned), answerRate: share(figures.answerRate), serviceLevel: share(figures.serviceLevel),
    asa: seconds(figures.asaSeconds), waitingP90: seconds(figures.waitingP90Seconds), talking: seconds(figures.talkingSeconds),
    talkingMean: seconds(figures.talkingMeanSeconds), outbound: number(figures.outbound), outsideHours: number(figures.outsideHours),
    blocked: number(figures.blocked), callbacks: t("stats.callbacksOf", { opened: figures.callbacksOpened, resolved: figures.callbacksResolved }),
  };
}

$("#stats-form").addEventListener("change", show);
