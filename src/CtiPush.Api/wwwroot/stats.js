// The statistics view: calls per hour or day, as the server counts them (offered, answered, abandoned: see README's
// glossary), as a bar chart.
import { api } from "./api.js";
import { $ } from "./dom.js";
import { dateTime, setPlain, setText, t } from "./i18n.js";

export async function show() {
  const bucket = new FormData($("#stats-form")).get("bucket");
  try {
    const stats = await api(`/api/v1/stats?by=${bucket}`);
    const total = stats.total;
    const totals = { inbound: total.offered, outbound: total.outbound, missed: total.abandoned };
    const rate = total.answerRate == null ? null : Math.round(100 * total.answerRate);
    if (rate == null) setText($("#stats-summary"), "stats.summary", totals);
    else setText($("#stats-summary"), "stats.summaryWithRate", { ...totals, rate });
    drawChart(stats);
  } catch (error) {
    setPlain($("#stats-summary"), error.message);
  }
}

/** One stacked bar per bucket: answered, abandoned, outbound; each part titled with its count. */
function drawChart(stats) {
  const svg = $("#chart");
  const ns = "http://www.w3.org/2000/svg";
  svg.replaceChildren();
  const width = svg.clientWidth || 600, height = 200, count = Math.max(stats.rows.length, 1);
  const highest = Math.max(1, ...stats.rows.map((b) => b.offered + b.outbound));
  const barWidth = Math.max(2, width / count - 2);
  stats.rows.forEach((bucket, i) => {
    const parts = [["bar-in", bucket.answered], ["bar-missed", bucket.abandoned], ["bar-out", bucket.outbound]];
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
      title.textContent = t("stats.barTitle", { time: dateTime(bucket.group), count: value });
      rect.append(title);
      svg.append(rect);
    }
  });
}

$("#stats-form").addEventListener("change", show);
