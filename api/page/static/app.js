// The practice page: views for signing in, the interviews, one interview and its result.

import { ApiError, api, call, hasSession, signIn, signOut } from "./api.js";
import { legend, lineChart } from "./charts.js";
import { formatDate, h, plural, show } from "./dom.js";
import { DIMENSIONS, analysisBlock, comparisonTable, scoreBlock } from "./feedback.js";
import { Recorder } from "./recorder.js";
import { follow } from "./live.js";

const $ = (id) => document.getElementById(id);
const VIEWS = ["view-loading", "view-auth", "view-home", "view-interview", "view-result"];
const STAGE_WORDS = { transcribe: "Transcribe", score: "Score", aggregate: "Feedback" };
const RUNNING_WORDS = { transcribe: "transcribing", score: "scoring" };
const POLL_MS = 2000;

const page = {
  user: null,
  interview: null, // GET /api/interviews/:id, kept up to date
  questionId: null,
  recorder: null,
  take: null, // the recording waiting to be uploaded
  live: null, // the stream (or poll) following the open interview
  resultTimer: null,
};

function say(message) {
  $("status").textContent = message;
}

function complain(error) {
  const box = $("problem");
  box.textContent = error instanceof ApiError || error instanceof Error ? error.message : String(error);
  show(box, true);
}

function clearProblem() {
  show($("problem"), false);
}

function showView(id) {
  VIEWS.forEach((view) => show($(view), view === id));
  show($("nav"), Boolean(page.user));
  $("whoami").textContent = page.user ? page.user.name : "";
}

/** Run an action triggered by the user: its errors are shown, its button disabled meanwhile. */
function action(handler) {
  return async (event) => {
    event?.preventDefault();
    const button = event?.submitter || (event?.currentTarget instanceof HTMLButtonElement ? event.currentTarget : null);
    if (button) button.disabled = true;
    clearProblem();
    try {
      await handler(event);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        page.user = null;
        location.hash = "#/";
        await route();
      }
      complain(error);
    } finally {
      if (button) button.disabled = false;
    }
  };
}

function formData(form) {
  return Object.fromEntries(new FormData(form).entries());
}

function stopFollowing() {
  page.live?.close();
  page.live = null;
  clearTimeout(page.resultTimer);
}

// ---------------------------------------------------------------- signing in

async function signedIn(user) {
  page.user = user;
  location.hash = "#/";
  await route();
  $("main").focus();
}

const login = action(async (event) => {
  const { email, password } = formData(event.target);
  await signedIn(await signIn("/api/auth/login", { email, password }));
});

const register = action(async (event) => {
  const { name, email, password } = formData(event.target);
  await signedIn(await signIn("/api/auth/register", { name, email, password }));
  say("Welcome! Check your inbox to verify your email address.");
});

const logout = action(async () => {
  stopFollowing();
  await signOut();
  page.user = null;
  location.hash = "#/";
  await route();
});

// ---------------------------------------------------------------- home: start, history, trend

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
  location.hash = `#/interviews/${interview.id}`;
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
  box.append(
    lineChart(series, labels, `Overall and per-dimension scores of ${plural(done.length, "completed interview")}`),
    legend(series.map((s) => s.name)),
  );
}

function interviewItem(interview) {
  const score = interview.score === null ? "" : ` · score ${interview.score}`;
  const open = interview.status === "completed" ? "result" : null;
  return h(
    "li",
    {},
    h(
      "span",
      {},
      h("strong", {}, interview.jobTitle),
      ` · ${interview.status}${score} · ${formatDate(interview.createdAt)} · ${interview.answeredCount}/${interview.questionCount} answered`,
    ),
    h(
      "a",
      { href: `#/interviews/${interview.id}${open ? "/result" : ""}`, "aria-label": `${open ? "Result of" : "Open"} ${interview.jobTitle}, ${formatDate(interview.createdAt)}` },
      open ? "See result" : "Open",
    ),
  );
}

async function showHome() {
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

// ---------------------------------------------------------------- one interview

function currentQuestion() {
  return page.interview.questions.find((q) => q.questionId === page.questionId);
}

function answersTo(questionId) {
  return (page.interview.answers || []).filter((a) => a.questionId === questionId);
}

function renderSteps() {
  const list = $("iv-questions");
  list.replaceChildren(
    ...page.interview.questions.map((q) =>
      h(
        "li",
        {},
        h(
          "button",
          {
            type: "button",
            className: q.status,
            "aria-current": q.questionId === page.questionId ? "step" : null,
            "aria-label": `Question ${q.order}, ${q.status}`,
            onclick: () => openQuestion(q.questionId),
          },
          `Question ${q.order}`,
        ),
      ),
    ),
  );
  const { answeredCount, questionCount, status, difficulty } = page.interview;
  $("iv-meta").textContent = `${difficulty} · ${status} · ${answeredCount} of ${plural(questionCount, "question")} answered`;
  $("iv-complete").disabled = status !== "in-progress" && status !== "pending";
}

async function openQuestion(questionId) {
  page.questionId = questionId;
  const question = currentQuestion();
  renderSteps();
  $("q-meta").textContent = `Question ${question.order} of ${page.interview.questions.length} · ${question.category} · about ${Math.round(question.expectedAnswerDuration / 60) || 1} min`;
  $("q-text").textContent = question.questionText;
  discardTake();
  const open = ["pending", "in-progress"].includes(page.interview.status);
  $("rec-toggle").disabled = !open;
  $("q-skip").disabled = !open || question.status !== "pending";
  $("rec-toggle").textContent = answersTo(questionId).length ? "Record another attempt" : "Start recording";
  await renderAttempts();
}

function stageList(stages) {
  return h(
    "ul",
    { className: "stages", "aria-label": "Processing stages" },
    stages.map((s) => h("li", { className: s.status, "data-stage": s.name }, `${STAGE_WORDS[s.name] || s.name}: ${s.status}`)),
  );
}

async function playFrom(answerId, seconds) {
  const audio = document.querySelector(`audio[data-answer="${answerId}"]`);
  if (!audio) return;
  if (!audio.src) audio.src = (await api("GET", `/api/answers/${answerId}/audio`)).url;
  if (audio.readyState < 1) {
    // preload="none" loads nothing until asked: load the metadata, then seek.
    const loaded = new Promise((resolve, reject) => {
      audio.addEventListener("loadedmetadata", resolve, { once: true });
      audio.addEventListener("error", () => reject(new Error("The recording could not be played.")), { once: true });
    });
    audio.preload = "metadata";
    audio.load();
    await loaded;
  }
  audio.currentTime = seconds;
  await audio.play();
}

function attemptBlock(answer) {
  const done = answer.status === "done" || answer.status === "failed";
  const audio = h("audio", { controls: true, preload: "none", "data-answer": answer.id, "aria-label": `Recording of attempt ${answer.attempt}` });
  if (done) {
    api("GET", `/api/answers/${answer.id}/audio`)
      .then((link) => {
        if (!audio.src) audio.src = link.url;
      })
      .catch(() => {});
  }
  return h(
    "section",
    { className: "attempt", "data-answer": answer.id, "data-status": answer.status, "aria-label": `Attempt ${answer.attempt}` },
    h("h4", {}, `Attempt ${answer.attempt} · `, h("span", { className: "answer-status" }, answer.status)),
    stageList(answer.stages || []),
    done ? audio : null,
    answer.status === "done" ? analysisBlock(answer, (seconds) => playFrom(answer.id, seconds).catch(complain)) : null,
    answer.status === "failed" ? h("p", { className: "problem" }, answer.error || "This answer could not be processed.") : null,
  );
}

let attemptsAsked = 0;

async function renderAttempts() {
  const { id } = page.interview;
  const asked = ++attemptsAsked;
  const found = await api("GET", `/api/interviews/${id}/questions/${page.questionId}/attempts`);
  // Answers can come back out of order: only the latest request draws (and for its question).
  if (asked !== attemptsAsked) return;
  const attempts = found.attempts;
  show($("attempts"), attempts.length > 0);
  $("attempt-list").replaceChildren(...attempts.map((a) => attemptBlock(a.answer)).reverse());
  const done = attempts.filter((a) => a.answer.status === "done");
  $("comparison").replaceChildren(
    ...(attempts.length > 1 ? [h("h4", {}, "Attempts compared"), comparisonTable(attempts)] : []),
  );
  if (done.length > 1) $("comparison").dataset.ready = "true";
  else delete $("comparison").dataset.ready;
}

let interviewAsked = 0;

async function reloadInterview() {
  const asked = ++interviewAsked;
  const interview = await api("GET", `/api/interviews/${page.interview.id}`);
  if (asked !== interviewAsked || interview.id !== page.interview?.id) return; // a newer one is coming
  page.interview = interview;
  renderSteps();
}

/** A stage changed: update its badge, and show the feedback once its answer is finished. */
async function stageChanged(event) {
  const block = document.querySelector(`section.attempt[data-answer="${event.answerId}"]`);
  if (!block) return;
  const badge = block.querySelector(`[data-stage="${event.name}"]`);
  if (badge) {
    badge.className = event.status;
    badge.textContent = `${STAGE_WORDS[event.name] || event.name}: ${event.status}`;
  }
  if (event.status === "running") block.querySelector(".answer-status").textContent = RUNNING_WORDS[event.name] || "processing";
  if (event.status !== "succeeded" && event.status !== "failed") return;
  // Whether that was the answer's last stage is the answer's to say.
  const answer = await api("GET", `/api/answers/${event.answerId}`);
  if (answer.status !== "done" && answer.status !== "failed") return;
  if (block.dataset.status === answer.status) return;
  say(answer.status === "failed" ? "An answer could not be processed." : "Your feedback is ready.");
  await reloadInterview();
  if (event.questionId === page.questionId) await renderAttempts();
}

async function showInterview(id) {
  showView("view-interview");
  if (page.interview?.id !== id) stopFollowing();
  page.interview = await api("GET", `/api/interviews/${id}`);
  $("iv-title").textContent = page.interview.jobTitle;
  const next = page.interview.questions.find((q) => q.status === "pending") || page.interview.questions[0];
  await openQuestion(page.questionId && page.interview.questions.some((q) => q.questionId === page.questionId) ? page.questionId : next.questionId);
  if (!page.live) page.live = follow(id, { onStage: stageChanged, onMode: (mode) => ($("iv-title").dataset.live = mode) });
}

const toggleRecording = action(async () => {
  const button = $("rec-toggle");
  if (page.recorder?.active) {
    const blob = await page.recorder.stop();
    $("recorder").classList.remove("on");
    button.textContent = "Record again";
    keepTake(blob);
    return;
  }
  discardTake();
  // A recording playing back would be picked up (or cancelled as echo) in the new answer.
  document.querySelectorAll("audio").forEach((audio) => audio.pause());
  page.recorder = new Recorder({ meter: $("rec-level"), timer: $("rec-timer"), onLimit: () => button.click() });
  try {
    await page.recorder.start();
  } catch (error) {
    throw new Error(`The microphone could not be used (${error.name || error}). Allow microphone access and try again.`);
  }
  $("recorder").classList.add("on");
  button.textContent = "Stop recording";
  say("Recording… press Stop recording when you have finished your answer.");
});

function keepTake(blob) {
  page.take = blob;
  const audio = $("take-audio");
  if (audio.src) URL.revokeObjectURL(audio.src);
  audio.src = URL.createObjectURL(blob);
  show($("take"), true);
  say("Listen back if you like, then upload your answer.");
  $("take-upload").focus();
}

function discardTake() {
  page.take = null;
  const audio = $("take-audio");
  if (audio.src) URL.revokeObjectURL(audio.src);
  audio.removeAttribute("src");
  show($("take"), false);
  $("rec-timer").textContent = "0:00";
}

const uploadTake = action(async () => {
  const form = new FormData();
  form.append("questionId", page.questionId);
  const extension = page.take.type.includes("ogg") ? "ogg" : page.take.type.includes("mp4") ? "m4a" : "webm";
  form.append("audio", new File([page.take], `answer.${extension}`, { type: page.take.type }));
  form.append("recordedAt", new Date().toISOString());
  const answer = await api("POST", `/api/interviews/${page.interview.id}/answers`, { form });
  discardTake();
  say(`Attempt ${answer.attempt} uploaded: it is being transcribed and scored.`);
  await reloadInterview();
  $("rec-toggle").textContent = "Record another attempt";
  await renderAttempts();
  page.live?.wake();
});

const skipQuestion = action(async () => {
  await api("PATCH", `/api/interviews/${page.interview.id}/questions/${page.questionId}`, { json: { status: "skipped" } });
  await reloadInterview();
  say("Question skipped.");
  await nextQuestion();
});

async function nextQuestion() {
  const questions = page.interview.questions;
  const at = questions.findIndex((q) => q.questionId === page.questionId);
  const next = questions.slice(at + 1).find((q) => q.status === "pending") || questions[(at + 1) % questions.length];
  await openQuestion(next.questionId);
  $("q-text").focus?.();
}

const completeInterview = action(async () => {
  const unanswered = page.interview.questions.filter((q) => q.status === "pending").length;
  if (unanswered && !confirm(`${plural(unanswered, "question is", "questions are")} not answered. Complete the interview anyway?`)) return;
  await api("POST", `/api/interviews/${page.interview.id}/complete`);
  location.hash = `#/interviews/${page.interview.id}/result`;
});

// ---------------------------------------------------------------- the result

function resultBody(result) {
  const answered = result.answers.map((a, i) =>
    h("section", { className: "card", "aria-label": `Question ${i + 1}` }, h("h3", {}, a.questionText), analysisBlock(a, null)),
  );
  return [
    h("p", { className: "overall" }, result.overallScore === null ? "Not scored" : `${result.overallScore} / 100`),
    h("div", { className: "scores" }, DIMENSIONS.map(([key, label]) => scoreBlock(label, result[key]))),
    result.summary ? h("p", {}, result.summary) : null,
    result.strengths.length ? [h("h2", {}, "Strengths"), h("ul", {}, result.strengths.map((s) => h("li", {}, s)))] : null,
    result.improvements.length ? [h("h2", {}, "To improve"), h("ul", {}, result.improvements.map((s) => h("li", {}, s)))] : null,
    h("h2", {}, "Your answers"),
    answered,
  ];
}

async function showResult(id) {
  if (page.result?.interviewId !== id) {
    $("res-body").replaceChildren();
    show($("res-pdf"), false);
  }
  showView("view-result");
  const response = await call("GET", `/api/interviews/${id}/results`);
  const found = await response.json();
  const body = $("res-body");
  if (response.status === 202) {
    $("res-meta").textContent = "Your answers are still being processed; the result appears here by itself.";
    show($("res-pdf"), false);
    body.replaceChildren();
    page.resultTimer = setTimeout(() => route(), POLL_MS);
    return;
  }
  page.result = found;
  $("res-title").textContent = `Result: ${page.interview?.id === id ? page.interview.jobTitle : "interview"}`;
  $("res-meta").textContent = `${found.questionsAnswered} of ${plural(found.totalQuestions, "question")} answered · ${formatDate(found.generatedAt)}`;
  show($("res-pdf"), true);
  body.replaceChildren(...resultBody(found).flat().filter(Boolean));
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

// ---------------------------------------------------------------- routing

async function route() {
  clearTimeout(page.resultTimer);
  if (!page.user && hasSession()) {
    try {
      page.user = await api("GET", "/api/auth/me");
    } catch {
      page.user = null;
    }
  }
  if (!page.user) {
    stopFollowing();
    showView("view-auth");
    return;
  }
  const [, kind, id, sub] = location.hash.split("/");
  try {
    if (kind === "interviews" && id && sub === "result") {
      if (page.interview?.id !== id) page.interview = await api("GET", `/api/interviews/${id}`);
      stopFollowing();
      await showResult(id);
    } else if (kind === "interviews" && id) {
      await showInterview(id);
    } else {
      stopFollowing();
      await showHome();
    }
  } catch (error) {
    complain(error);
  }
}

function wire() {
  $("login-form").addEventListener("submit", login);
  $("register-form").addEventListener("submit", register);
  $("start-form").addEventListener("submit", startInterview);
  $("nav-logout").addEventListener("click", logout);
  $("nav-home").addEventListener("click", () => (location.hash = "#/"));
  $("res-home").addEventListener("click", () => (location.hash = "#/"));
  $("rec-toggle").addEventListener("click", toggleRecording);
  $("take-upload").addEventListener("click", uploadTake);
  $("take-discard").addEventListener("click", discardTake);
  $("q-skip").addEventListener("click", skipQuestion);
  $("q-next").addEventListener("click", action(nextQuestion));
  $("iv-complete").addEventListener("click", completeInterview);
  $("res-pdf").addEventListener("click", downloadPdf);
  window.addEventListener("hashchange", () => {
    clearProblem();
    say("");
    route();
  });
}

wire();
route().then(() => {
  // The page answers input from here on (bench/page.py reads this mark).
  performance.mark("interactive");
  document.body.setAttribute("data-ready", "true");
});
