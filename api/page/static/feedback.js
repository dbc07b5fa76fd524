// What an answer's analysis says, shown the way a candidate reads it.

import { h, plural } from "./dom.js";
import { clock } from "./recorder.js";

export const DIMENSIONS = [
  ["technicalScore", "Technical"],
  ["clarityScore", "Clarity"],
  ["confidenceScore", "Confidence"],
  ["voiceToneScore", "Voice tone"],
];

// The measures of GET .../attempts, in words: the scores, then the rest.
const MEASURE_NAMES = {
  ...Object.fromEntries(DIMENSIONS),
  keyPointsCovered: "Key points covered",
  wordsPerMinute: "Pace (words a minute)",
  fillersPer100Words: "Fillers per 100 words",
  longPauses: "Long pauses",
  hedgeCount: "Hedges",
};

export function scoreBlock(label, value) {
  const measured = value !== null && value !== undefined;
  return h(
    "div",
    { className: "score" },
    h("div", {}, label),
    h("b", {}, measured ? `${value}` : "not measured"),
    measured ? h("meter", { min: 0, max: 100, low: 50, high: 75, optimum: 100, value, "aria-label": `${label} score` }) : null,
  );
}

function duration(seconds) {
  const whole = Math.round(seconds);
  return whole < 60 ? `${whole} s` : `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, "0")} s`;
}

/** How the answer was spoken, in the words the PDF report uses. */
function deliveryFacts(delivery) {
  const words = Object.entries(delivery.fillerWords || {})
    .map(([word, count]) => `“${word}” ×${count}`)
    .join(", ");
  const fillers = delivery.fillerCount
    ? `${plural(delivery.fillerCount, "filler word")} (${delivery.fillersPer100Words} per 100 words): ${words}`
    : "none";
  const pauses = delivery.longPauses
    ? `${plural(delivery.longPauses, "long pause")} (2 s or more), the longest ${delivery.longestPauseSeconds} s`
    : "none";
  return [
    ["Pace", delivery.wordsPerMinute === null ? "not measured (too little speech)" : `${delivery.wordsPerMinute} words a minute`],
    ["Speaking time", `${duration(delivery.speakingSeconds)}, ${plural(delivery.wordCount, "word")}`],
    ["Filler words", fillers],
    ["Long pauses", pauses],
    ["Hedges (“I think”, “maybe”…)", delivery.hedgeCount ? String(delivery.hedgeCount) : "none"],
  ];
}

function deliveryList(delivery) {
  return h(
    "dl",
    { className: "facts" },
    deliveryFacts(delivery).map(([term, value]) => [h("dt", {}, term), h("dd", {}, value)]),
  );
}

function within(word, span) {
  return word.start >= span.start - 0.01 && word.end <= span.end + 0.01;
}

/** The transcript with fillers marked and long pauses shown where they happened. */
export function transcriptBlock(transcription, delivery) {
  const words = transcription?.words || [];
  const box = h("p", { className: "transcript" });
  if (!words.length) {
    box.append(transcription?.text || "No speech was recognised.");
    return box;
  }
  const fillers = delivery?.fillerSpans || [];
  const pauses = delivery?.longPauseSpans || [];
  words.forEach((word, i) => {
    const text = word.text.trim();
    box.append(fillers.some((span) => within(word, span)) ? h("mark", { className: "filler", title: "filler" }, text) : text);
    const pause = pauses.find((p) => Math.abs(p.start - word.end) < 0.01);
    if (pause) box.append(" ", h("span", { className: "pause", title: "long pause" }, `pause ${pause.text}`));
    if (i < words.length - 1) box.append(" ");
  });
  return box;
}

function listBlock(title, items, className = "") {
  if (!items.length) return null;
  return [h("h4", {}, title), h("ul", { className }, items.map((item) => (item instanceof Node ? item : h("li", {}, item))))];
}

/** The whole feedback for one analysed answer; `play(seconds)` plays its recording from there. */
export function analysisBlock(answer, play) {
  const analysis = answer.analysis;
  if (!analysis) {
    return h("p", { className: "problem" }, answer.error || "This answer could not be analysed.");
  }
  const points = analysis.content?.keyPoints || [];
  const covered = points
    .filter((p) => p.covered)
    .map((p) =>
      h(
        "li",
        {},
        h("strong", {}, p.point),
        p.quote ? [": ", h("q", {}, p.quote)] : null,
        play && p.quote && Number.isFinite(p.start) ? h("button", { type: "button", onclick: () => play(p.start), "aria-label": `Play from ${clock(p.start)}: ${p.point}` }, `▶ ${clock(p.start)}`) : null,
      ),
    );
  const missed = points.filter((p) => !p.covered).map((p) => p.point);
  return h(
    "div",
    { className: "feedback" },
    h("div", { className: "scores" }, DIMENSIONS.map(([key, label]) => scoreBlock(label, analysis[key]))),
    analysis.detailedFeedback ? h("p", {}, analysis.detailedFeedback) : null,
    h("h4", {}, "Transcript"),
    transcriptBlock(answer.transcription, analysis.delivery),
    // Analyses from before the spans were stored have nothing marked: say so only when it is.
    analysis.delivery.fillerSpans
      ? h("p", { className: "meta" }, "Highlighted: filler words. Marked: pauses of 2 seconds or more.")
      : null,
    h("h4", {}, "How you spoke"),
    deliveryList(analysis.delivery),
    listBlock("Key points you made", covered, "points covered"),
    listBlock("Key points you missed", missed, "points missed"),
    listBlock("Strengths", analysis.strengths || []),
    listBlock("To improve", analysis.improvements || []),
  );
}

function valuesOf(attempts, measure) {
  // Each attempt's `changes` hold the previous value too, so the first attempt reads from the second.
  return attempts.map((attempt, k) => {
    const own = attempt.changes.find((c) => c.measure === measure);
    if (own) return own.current;
    const next = attempts[k + 1]?.changes.find((c) => c.measure === measure);
    return next ? next.previous : null;
  });
}

/** Attempts at one question side by side, each change from the previous one marked. */
export function comparisonTable(attempts) {
  const header = h("tr", {}, h("th", { scope: "col" }, "Measure"), attempts.map((a) => h("th", { scope: "col" }, `Attempt ${a.answer.attempt}`)));
  const rows = Object.entries(MEASURE_NAMES).map(([measure, name]) => {
    const values = valuesOf(attempts, measure);
    return h(
      "tr",
      {},
      h("th", { scope: "row" }, name),
      attempts.map((attempt, k) => {
        const change = attempt.changes.find((c) => c.measure === measure);
        const value = values[k] === null || values[k] === undefined ? "–" : String(values[k]);
        if (!change || change.better === null) return h("td", {}, value);
        const verdict = change.better ? "better" : "worse";
        return h("td", { className: verdict, title: `${change.betterWhen} is better` }, `${value} ${change.better ? "▲" : "▼"} ${verdict}`);
      }),
    );
  });
  return h(
    "div",
    { className: "scroll" },
    h("table", {}, h("caption", { className: "sr-only" }, "Attempts compared"), h("thead", {}, header), h("tbody", {}, rows)),
  );
}
