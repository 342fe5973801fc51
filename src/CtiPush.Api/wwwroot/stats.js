// The statistics view: the server's figures (see README's glossary) per hour, day, week, queue or agent over a
// period, as a chart (Chart.js, vendored in lib/ with its licence) and as a table of the same figures beneath,
// with the same query as CSV. The chart: answered and abandoned calls as stacked bars (left axis), the service
// level and answer rate as lines (right axis, per cent).
import "./lib/chart.js-4.6.1/chart.umd.min.js";
import { api } from "./api.js";
import { $, clone, fill } from "./dom.js";
import { dateParts, dayStart, isoDay, number, setPlain, setText, t } from "./i18n.js";

const { Chart } = globalThis; // the UMD build registers itself there
const colors = { answered: "#2f6fde", abandoned: "#d8435a", serviceLevel: "#1b8a5a", answerRate: "#8a5a1b" };
const groupColumn = { hour: "stats.byHour", day: "stats.byDay", week: "stats.byWeek", queue: "stats.byQueue", agent: "stats.byAgent" };
let chart = null;

/** The query of the form: breakdown, period (from local midnight so many days back, to now) and hours. */
function query() {
  const form = new FormData($("#stats-form"));
  const days = Number(form.get("period"));
  const since = dayStart(isoDay(Date.now()), -days);
  return new URLSearchParams({ by: form.get("by"), since: since.toISOString(), hours: form.get("hours") });
}

export async function show() {
  const params = query();
  $("#stats-export").href = "/api/v1/stats.csv?" + params;
  setPlain($("#stats-error"), "");
  try {
    const stats = await api("/api/v1/stats?" + params);
    const by = params.get("by");
    summarize(stats.total);
    draw(stats, by);
    tabulate(stats, by);
  } catch (error) {
    setPlain($("#stats-error"), error.message);
  }
}

export function hide() {
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

function draw(stats, by) {
  const labels = stats.rows.map((row) => label(row.group, by));
  const bar = (key, name) => ({ type: "bar", label: t(name), data: stats.rows.map((row) => row[key]), backgroundColor: colors[key], stack: "calls", yAxisID: "calls", order: 2, maxBarThickness: 64 });
  const line = (key, name) => ({
    type: "line", label: t(name), data: stats.rows.map((row) => percent(row[key])), borderColor: colors[key], backgroundColor: colors[key],
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
