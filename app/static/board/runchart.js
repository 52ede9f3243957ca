// Draws a run chart as SVG (points, median line, points flagged by the rule set in force) and explains
// its signals in plain bokmål. Pure DOM building: the numbers and the rules come from the server.

const SVG = "http://www.w3.org/2000/svg";
const W = 760, H = 280, PAD = { left: 44, right: 16, top: 16, bottom: 44 };

function el(name, attrs = {}, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

const fmt = (value) => (Number.isInteger(value) ? String(value) : value.toFixed(1)).replace(".", ",");

export function drawRunChart(chart, rules) {
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", class: "runchart",
    "aria-label": `${chart.title}: ${chart.points.length} punkter, median ${chart.median === null ? "–" : fmt(chart.median)}` });
  const points = chart.points;
  const plotW = W - PAD.left - PAD.right, plotH = H - PAD.top - PAD.bottom;
  const max = chart.unit === "%" ? 100 : Math.max(1, ...points.map((p) => p.value));
  const x = (i) => PAD.left + (points.length <= 1 ? plotW / 2 : (i * plotW) / (points.length - 1));
  const y = (v) => PAD.top + plotH - (v / max) * plotH;

  for (const tick of [0, 25, 50, 75, 100].map((t) => (t * max) / 100)) {
    svg.append(el("line", { class: "grid", x1: PAD.left, x2: W - PAD.right, y1: y(tick), y2: y(tick) }));
    svg.append(el("text", { x: PAD.left - 6, y: y(tick) + 4, "text-anchor": "end" }, fmt(tick)));
  }
  svg.append(el("line", { class: "axis", x1: PAD.left, x2: W - PAD.right, y1: y(0), y2: y(0) }));
  svg.append(el("text", { x: PAD.left + plotW / 2, y: H - 6, "text-anchor": "middle" }, chart.x_label));
  if (!points.length) {
    svg.append(el("text", { x: PAD.left + plotW / 2, y: PAD.top + plotH / 2, "text-anchor": "middle" },
      "Ingen data i perioden"));
    return svg;
  }
  const step = Math.max(1, Math.ceil(points.length / 8));
  points.forEach((p, i) => {
    if (i % step) return;
    const anchor = i === 0 ? "start" : (i + step >= points.length ? "end" : "middle");
    svg.append(el("text", { x: x(i), y: y(0) + 16, "text-anchor": anchor }, p.label));
  });
  svg.append(el("polyline", { class: "series", points: points.map((p, i) => `${x(i)},${y(p.value)}`).join(" ") }));
  if (chart.median !== null) {
    svg.append(el("line", { class: "median", "data-median": chart.median, x1: PAD.left, x2: W - PAD.right,
      y1: y(chart.median), y2: y(chart.median) }));
    svg.append(el("text", { class: "median-label", x: W - PAD.right, y: y(chart.median) - 5, "text-anchor": "end" },
      `Median ${fmt(chart.median)}`));
  }
  points.forEach((p, i) => {
    const flags = (p.flags && p.flags[rules]) || [];
    const dot = el("circle", { class: flags.length ? "point flagged" : "point", cx: x(i), cy: y(p.value),
      r: flags.length ? 5 : 3.5, "data-flags": flags.join(" ") });
    const extra = p.denominator ? ` (${p.numerator} av ${p.denominator})` : "";
    const why = flags.length ? ` – signal: ${flags.map((f) => CHECK_NAMES[f] || f).join(", ")}` : "";
    dot.append(el("title", {}, `${p.label}: ${fmt(p.value)} ${chart.unit}${extra}${why}`));
    svg.append(dot);
  });
  return svg;
}

const CHECK_NAMES = {
  long_run: "uvanlig lang serie", few_crossings: "for få kryssinger", shift: "skift",
  trend: "trend", runs: "antall serier", astronomical: "astronomisk punkt",
};

export const RULE_NAMES = {
  anhoej: "Anhøj-reglene (som i qicharts2)",
  ihi: "IHI-reglene (Perla, Provost & Murray 2011)",
};

function sentence(check) {
  const { code, signal, observed, limit } = check;
  switch (code) {
    case "long_run":
      return signal
        ? `Lengste serie er ${observed} punkter på samme side av medianen – mer enn ${limit}. Det tyder på en varig endring.`
        : `Lengste serie er ${observed} punkter; grensen er ${limit}. Ingen uvanlig lang serie.`;
    case "few_crossings":
      return signal
        ? `Kurven krysser medianen bare ${observed} ganger; forventet minst ${limit}. Det tyder på en varig endring.`
        : `Kurven krysser medianen ${observed} ganger (minst ${limit} forventet).`;
    case "shift":
      return signal
        ? `Skift: ${observed} punkter på rad på samme side av medianen (regelen slår til ved ${limit} eller flere).`
        : `Ikke skift: høyst ${observed} punkter på rad på samme side av medianen (trenger ${limit}).`;
    case "trend":
      return signal
        ? `Trend: ${observed} punkter på rad som går samme vei (regelen slår til ved ${limit} eller flere).`
        : `Ikke trend: høyst ${observed} punkter på rad som går samme vei (trenger ${limit}).`;
    case "runs":
      return signal
        ? `Antall serier er ${observed}, utenfor det forventede området ${limit[0]}–${limit[1]}.`
        : (limit ? `Antall serier er ${observed}, innenfor forventet ${limit[0]}–${limit[1]}.`
          : `Antall serier er ${observed}; for få punkter til å bruke tabellen.`);
    case "astronomical":
      return signal
        ? `${observed} punkt(er) ligger utenfor ${fmt(limit[0])}–${fmt(limit[1])} (3-sigma-grensene for enkeltverdier). Vurder om det er en åpenbart uvanlig verdi.`
        : (limit ? `Ingen punkter utenfor ${fmt(limit[0])}–${fmt(limit[1])} (3-sigma-grensene for enkeltverdier).`
          : "For få punkter til å vurdere astronomiske punkter.");
    default:
      return `${code}: ${signal ? "signal" : "ikke signal"}`;
  }
}

export function describeSignals(chart, rules) {
  const box = document.createElement("div");
  box.className = "signals";
  const set = chart.signals && chart.signals[rules];
  const head = document.createElement("h4");
  head.textContent = set && set.signal ? "Signal om ikke-tilfeldig variasjon" : "Ingen signal: variasjonen ser tilfeldig ut";
  head.className = set && set.signal ? "signal-yes" : "signal-no";
  const ruleSet = document.createElement("p");
  ruleSet.className = "rule-set";
  ruleSet.textContent = `Regler i bruk: ${RULE_NAMES[rules]}. ${chart.points.length} punkter, ` +
    `${chart.useful} som ikke ligger på medianen.`;
  const list = document.createElement("ul");
  for (const check of (set && set.checks) || []) {
    const item = document.createElement("li");
    item.textContent = sentence(check);
    if (check.signal) item.className = "signal-yes";
    list.append(item);
  }
  if (chart.median === null) {
    const item = document.createElement("li");
    item.textContent = "For få punkter til å beregne medianen.";
    list.append(item);
  }
  box.append(head, ruleSet, list);
  return box;
}
