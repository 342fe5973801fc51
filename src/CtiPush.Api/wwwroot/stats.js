// The statistics view: calls per hour or day, as the server counts them (it decides what is missed), as a bar chart.
import { api } from "./api.js";
import { $ } from "./dom.js";
import { dateTime, setPlain, setText, t } from "./i18n.js";

export async function show() {
  const bucket = new FormData($("#stats-form")).get("bucket");
  try {
    const stats = await api(`/api/v1/stats?bucket=${bucket}`);
    const totals = stats.buckets.reduce((sum, b) => ({
      inbound: sum.inbound + b.total.inbound, outbound: sum.outbound + b.total.outbound,
      answered: sum.answered + b.total.answered, missed: sum.missed + b.total.missed,
    }), { inbound: 0, outbound: 0, answered: 0, missed: 0 });
    const rate = totals.inbound ? Math.round((100 * totals.answered) / totals.inbound) : null;
    if (rate == null) setText($("#stats-summary"), "stats.summary", totals);
    else setText($("#stats-summary"), "stats.summaryWithRate", { ...totals, rate });
    drawChart(stats);
  } catch (error) {
    setPlain($("#stats-summary"), error.message);
  }
}

/** One stacked bar per bucket: inbound answered, inbound missed, outbound; each part titled with its count. */
function drawChart(stats) {
  const svg = $("#chart");
  const ns = "http://www.w3.org/2000/svg";
  svg.replaceChildren();
  const width = svg.clientWidth || 600, height = 200, count = Math.max(stats.buckets.length, 1);
  const highest = Math.max(1, ...stats.buckets.map((b) => b.total.inbound + b.total.outbound));
  const barWidth = Math.max(2, width / count - 2);
  stats.buckets.forEach((bucket, i) => {
    const parts = [["bar-in", bucket.total.answered], ["bar-missed", bucket.total.missed], ["bar-out", bucket.total.outbound]];
    let y = height;
    for (const [css, value] of parts) {
      if (value <= 0) continue;
      const h = (value / highest) * (height - 10);
      y -= h;
      const rect = document.createElementNS(ns, "rect");
      rect.setAttribute("x", (i * width) / count);
      rect.setAttribute("y", y);
      rect.setAttribute("width", barWidth);
      rect.setAttribute("height", h);
      rect.setAttribute("class", css);
      const title = document.createElementNS(ns, "title");
      title.textContent = t("stats.barTitle", { time: dateTime(bucket.start), count: value });
      rect.append(title);
      svg.append(rect);
    }
  });
}

$("#stats-form").addEventListener("change", show);
