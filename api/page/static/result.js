// The result of a completed interview, and its PDF report.

import { api, call } from "./api.js";
import { formatDate, h, plural, show } from "./dom.js";
import { DIMENSIONS, analysisBlock, scoreBlock } from "./feedback.js";
import { $, action, go, page, place, say, showView } from "./ui.js";

const POLL_MS = 2000;
let pollTimer = null;

function list(title, items) {
  return items.length ? [h("h2", {}, title), h("ul", {}, items.map((item) => h("li", {}, item)))] : [];
}

function resultBody(result) {
  const answers = result.answers.map((a) =>
    h("section", { className: "card" }, h("h3", {}, a.questionText), analysisBlock(a, null)),
  );
  return [
    h("p", { className: "overall" }, result.overallScore === null ? "Not scored" : `${result.overallScore} / 100`),
    h("div", { className: "scores" }, DIMENSIONS.map(([key, label]) => scoreBlock(label, result[key]))),
    result.summary ? h("p", {}, result.summary) : null,
    ...list("Strengths", result.strengths),
    ...list("To improve", result.improvements),
    h("h2", {}, "Your answers"),
    ...answers,
  ].filter(Boolean);
}

export function stopWaiting() {
  clearTimeout(pollTimer);
}

export async function showResult(id) {
  if (page.result?.interviewId !== id) {
    page.result = null;
    $("res-title").textContent = "Result";
    $("res-body").replaceChildren();
    show($("res-pdf"), false);
  }
  showView("view-result");
  const response = await call("GET", `/api/interviews/${id}/results`);
  const found = await response.json();
  if (place()?.[1] !== id) return; // the candidate has gone elsewhere meanwhile
  if (response.status === 202) {
    $("res-meta").textContent = "Your answers are still being processed; the result appears here by itself.";
    pollTimer = setTimeout(() => showResult(id).catch(() => {}), POLL_MS);
    return;
  }
  page.result = found;
  $("res-title").textContent = `Result: ${found.jobTitle}`;
  $("res-meta").textContent = `${found.questionsAnswered} of ${plural(found.totalQuestions, "question")} answered · ${formatDate(found.generatedAt)}`;
  show($("res-pdf"), true);
  $("res-body").replaceChildren(...resultBody(found));
  say("Your result is ready.");
}

const downloadPdf = action(async () => {
  const response = await call("GET", `/api/results/${page.result.id}/report`, { accept: "application/pdf" });
  const url = URL.createObjectURL(await response.blob());
  const link = h("a", { href: url, download: `interview-report-${page.result.generatedAt.slice(0, 10)}.pdf` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
  say("The PDF report has been downloaded.");
});

export function wireResult() {
  $("res-pdf").addEventListener("click", downloadPdf);
  $("res-home").addEventListener("click", () => go("#/"));
}
