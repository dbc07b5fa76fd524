// Home: start an interview, the statistics, the trend of scores and the interviews so far.

import { api } from "./api.js";
import { legend, lineChart } from "./charts.js";
import { formatDate, h, plural } from "./dom.js";
import { DIMENSIONS } from "./feedback.js";
import { $, action, formData, go, showView } from "./ui.js";

const startInterview = action(async (event) => {
  const data = formData(event.target);
  const skills = data.skills.split(",").map((s) => s.trim()).filter(Boolean);
  const interview = await api("POST", "/api/interviews", {
    json: {
      jobTitle: data.jobTitle.trim(),
      skills,
      difficulty: data.difficulty,
      questionCount: Number(data.questionCount),
    },
  });
  event.target.reset();
  go(`#/interviews/${interview.id}`);
});

function statTile(label, value) {
  return h("div", { className: "stat" }, label, h("b", {}, value ?? "–"));
}

function trendChart(results) {
  const box = $("trend-chart");
  box.replaceChildren();
  const done = results.filter((r) => r.overallScore !== null).reverse(); // oldest first
  if (!done.length) {
    box.append(h("p", { className: "meta" }, "Complete an interview to see your scores here."));
    return;
  }
  const series = [["Overall", "overallScore"], ...DIMENSIONS.map(([key, label]) => [label, key])].map(([name, key]) => ({
    name,
    values: done.map((r) => r[key]),
  }));
  const labels = done.map((r) => formatDate(r.generatedAt));
  const description = `Overall and per-dimension scores of ${plural(done.length, "completed interview")}`;
  // Drawn at the box's own width, so its text keeps its size on a phone.
  box.append(lineChart(series, labels, description, box.clientWidth), legend(series.map((s) => s.name)));
}

function interviewItem(interview) {
  const score = interview.score === null ? "" : ` · score ${interview.score}`;
  const completed = interview.status === "completed";
  const when = formatDate(interview.createdAt);
  return h(
    "li",
    {},
    h(
      "span",
      {},
      h("strong", {}, interview.jobTitle),
      ` · ${interview.status}${score} · ${when} · ${interview.answeredCount} of ${plural(interview.questionCount, "question")} answered`,
    ),
    h(
      "a",
      {
        href: `#/interviews/${interview.id}${completed ? "/result" : ""}`,
        "aria-label": `${completed ? "Result of" : "Open"} ${interview.jobTitle}, ${when}`,
      },
      completed ? "See result" : "Open",
    ),
  );
}

export async function showHome() {
  showView("view-home");
  const [stats, results, interviews] = await Promise.all([
    api("GET", "/api/users/stats"),
    api("GET", "/api/results?pageSize=100"),
    api("GET", "/api/interviews?pageSize=20"),
  ]);
  $("stats").replaceChildren(
    statTile("Interviews completed", stats.completedInterviews),
    statTile("Average score", stats.averageScore),
    statTile("Best score", stats.bestScore),
    statTile("Questions answered", stats.answersRecorded),
  );
  trendChart(results.items);
  const list = $("interview-list");
  list.replaceChildren(...interviews.items.map(interviewItem));
  if (!interviews.items.length) list.append(h("li", {}, "No interviews yet: start one above."));
}

export function wireHome() {
  $("start-form").addEventListener("submit", startInterview);
}
