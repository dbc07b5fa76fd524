// Small SVG charts drawn from data (no library, no inline styles: colours come from app.css).

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 640; // when the caller does not know its box's width
const HEIGHT = 240;
const PAD = { left: 36, right: 12, top: 12, bottom: 28 };

function svg(tag, attrs = {}, text = "") {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (text) node.textContent = text;
  return node;
}

/**
 * Lines of scores (0-100) over the same labels; a null value leaves a gap.
 * series: [{name, values: [number|null]}], labels: [string]
 */
export function lineChart(series, labels, description, width = WIDTH) {
  const wide = Math.max(300, Math.round(width) || WIDTH);
  const root = svg("svg", { viewBox: `0 0 ${wide} ${HEIGHT}`, role: "img", "aria-label": description });
  root.append(svg("title", {}, description));
  const plotW = wide - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (i) => PAD.left + (labels.length === 1 ? plotW / 2 : (plotW * i) / (labels.length - 1));
  const y = (v) => PAD.top + plotH - (plotH * v) / 100;
  for (const tick of [0, 25, 50, 75, 100]) {
    root.append(svg("line", { class: "grid", x1: PAD.left, x2: wide - PAD.right, y1: y(tick), y2: y(tick) }));
    root.append(svg("text", { class: "axis", x: PAD.left - 6, y: y(tick) + 4, "text-anchor": "end" }, String(tick)));
  }
  // As many date labels as fit (about 90 px each).
  const every = Math.max(1, Math.ceil(labels.length / Math.max(2, Math.floor(plotW / 90))));
  labels.forEach((label, i) => {
    if (i % every === 0 || i === labels.length - 1) {
      root.append(svg("text", { class: "axis", x: x(i), y: HEIGHT - 8, "text-anchor": "middle" }, label));
    }
  });
  series.forEach((line, n) => {
    let path = "";
    line.values.forEach((value, i) => {
      if (value === null || value === undefined) return;
      path += `${path && line.values[i - 1] != null ? "L" : "M"}${x(i).toFixed(1)},${y(value).toFixed(1)} `;
      const dot = svg("circle", { class: `series-${n}`, cx: x(i), cy: y(value), r: 3.5 });
      dot.append(svg("title", {}, `${line.name}, ${labels[i]}: ${value}`));
      root.append(dot);
    });
    if (path) root.append(svg("path", { class: `line series-${n}`, d: path.trim() }));
  });
  return root;
}

/** The legend of a chart's series, as a list. */
export function legend(names) {
  const list = document.createElement("ul");
  list.className = "legend";
  names.forEach((name, n) => {
    const item = document.createElement("li");
    const swatch = document.createElement("span");
    swatch.className = `series-${n}`;
    item.append(swatch, name);
    list.append(item);
  });
  return list;
}
