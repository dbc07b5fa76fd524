// One interview: its questions, recording and uploading answers, their stages and feedback.

import { api } from "./api.js";
import { h, plural, show } from "./dom.js";
import { analysisBlock, comparisonTable } from "./feedback.js";
import { follow } from "./live.js";
import { Recorder } from "./recorder.js";
import { $, action, enable, go, page, place, say, showView } from "./ui.js";

const STAGE_WORDS = { transcribe: "Transcribe", score: "Score", aggregate: "Feedback" };
const RUNNING_WORDS = { transcribe: "transcribing", score: "scoring" };
// Signed playback links are fetched again this long before they expire.
const LINK_MARGIN_MS = 30000;

const state = {
  recorder: null,
  take: null, // the recording waiting to be uploaded
  live: null, // the stream (or poll) following the open interview
  followed: null, // which interview it follows
  attemptsAsked: 0, // answers can come back out of order: only the latest request draws
  interviewAsked: 0,
};

function currentQuestion() {
  return page.interview.questions.find((q) => q.questionId === page.questionId);
}

function answersTo(questionId) {
  return (page.interview.answers || []).filter((a) => a.questionId === questionId);
}

function renderSteps() {
  const focused = document.activeElement?.dataset?.question;
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
            "data-question": q.questionId,
            "aria-current": q.questionId === page.questionId ? "step" : null,
            "aria-label": `Question ${q.order}, ${q.status}`,
            onclick: action(() => openQuestion(q.questionId)),
          },
          `Question ${q.order}`,
        ),
      ),
    ),
  );
  if (focused) list.querySelector(`[data-question="${focused}"]`)?.focus();
  const { answeredCount, questionCount, status, difficulty } = page.interview;
  $("iv-meta").textContent = `${difficulty} · ${status} · ${answeredCount} of ${plural(questionCount, "question")} answered`;
  // A completed interview's button leads to its result instead.
  $("iv-complete").textContent = status === "completed" ? "See the result" : "Complete interview";
  enable("iv-complete", status !== "cancelled");
}

/** Stop a recording nobody will upload (another question or view was opened). */
export async function abandonRecording() {
  if (!state.recorder?.active) return;
  await state.recorder.stop();
  $("recorder").classList.remove("on");
}

async function openQuestion(questionId) {
  await abandonRecording();
  page.questionId = questionId;
  const question = currentQuestion();
  renderSteps();
  const minutes = Math.round(question.expectedAnswerDuration / 60) || 1;
  $("q-meta").textContent = `Question ${question.order} of ${page.interview.questions.length} · ${question.category} · about ${plural(minutes, "minute")}`;
  $("q-text").textContent = question.questionText;
  discardTake();
  const open = ["pending", "in-progress"].includes(page.interview.status);
  enable("rec-toggle", open);
  enable("q-skip", open && question.status === "pending");
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

/** Give the player a signed link that is still valid (they last minutes, not the session). */
async function freshLink(audio) {
  if (audio.src && Number(audio.dataset.expires) - LINK_MARGIN_MS > Date.now()) return;
  const link = await api("GET", `/api/answers/${audio.dataset.answer}/audio`);
  audio.dataset.expires = String(Date.parse(link.expiresAt));
  audio.src = link.url;
}

async function playFrom(audio, seconds) {
  await freshLink(audio);
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

function player(answer) {
  const audio = h("audio", {
    controls: true,
    preload: "none",
    "data-answer": answer.id,
    "aria-label": `Recording of attempt ${answer.attempt}`,
  });
  freshLink(audio).catch(() => {});
  // An expired link: fetch a new one once, where the candidate left off.
  audio.addEventListener("error", () => {
    if (Number(audio.dataset.expires) - LINK_MARGIN_MS > Date.now()) return;
    const at = audio.currentTime;
    freshLink(audio)
      .then(() => playFrom(audio, at))
      .catch(() => {});
  });
  return audio;
}

function attemptBlock(answer) {
  const finished = answer.status === "done" || answer.status === "failed";
  const audio = finished ? player(answer) : null;
  const play = (seconds) => playFrom(audio, seconds).catch((error) => say(error.message));
  return h(
    "section",
    { className: "attempt", "data-answer": answer.id, "data-status": answer.status, "aria-label": `Attempt ${answer.attempt}` },
    h("h4", {}, `Attempt ${answer.attempt} · `, h("span", { className: "answer-status" }, answer.status)),
    stageList(answer.stages || []),
    audio,
    answer.status === "done" ? analysisBlock(answer, play) : null,
    answer.status === "failed" ? h("p", { className: "problem" }, answer.error || "This answer could not be processed.") : null,
  );
}

async function renderAttempts() {
  const asked = ++state.attemptsAsked;
  const found = await api("GET", `/api/interviews/${page.interview.id}/questions/${page.questionId}/attempts`);
  if (asked !== state.attemptsAsked) return;
  const attempts = found.attempts;
  show($("attempts"), attempts.length > 0);
  $("attempt-list").replaceChildren(...attempts.map((a) => attemptBlock(a.answer)).reverse());
  $("comparison").replaceChildren(
    ...(attempts.length > 1 ? [h("h4", {}, "Attempts compared"), comparisonTable(attempts)] : []),
  );
}

async function reloadInterview() {
  const asked = ++state.interviewAsked;
  const interview = await api("GET", `/api/interviews/${page.interview.id}`);
  if (asked !== state.interviewAsked || interview.id !== page.interview?.id) return;
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

export function stopFollowing() {
  state.live?.close();
  state.live = null;
  state.followed = null;
}

export async function showInterview(id) {
  showView("view-interview");
  if (page.interview?.id !== id) page.questionId = null; // question ids repeat across interviews
  const interview = await api("GET", `/api/interviews/${id}`);
  if (place()?.[1] !== id) return; // the candidate has gone elsewhere meanwhile
  page.interview = interview;
  $("iv-title").textContent = interview.jobTitle;
  const known = interview.questions.some((q) => q.questionId === page.questionId);
  const next = interview.questions.find((q) => q.status === "pending") || interview.questions[0];
  await openQuestion(known ? page.questionId : next.questionId);
  if (state.followed !== id) {
    stopFollowing();
    state.followed = id;
    state.live = follow(id, { onStage: stageChanged, onMode: (mode) => ($("iv-title").dataset.live = mode) });
  }
}

const toggleRecording = action(async () => {
  const button = $("rec-toggle");
  if (state.recorder?.active) {
    const blob = await state.recorder.stop();
    $("recorder").classList.remove("on");
    button.textContent = "Record again";
    keepTake(blob);
    return;
  }
  discardTake();
  // A recording playing back would be picked up (or cancelled as echo) in the new answer.
  document.querySelectorAll("audio").forEach((audio) => audio.pause());
  state.recorder = new Recorder({ meter: $("rec-level"), timer: $("rec-timer"), onLimit: () => button.click() });
  try {
    await state.recorder.start();
  } catch (error) {
    throw new Error(`The microphone could not be used (${error.name || error}). Allow microphone access and try again.`);
  }
  $("recorder").classList.add("on");
  button.textContent = "Stop recording";
  say("Recording… press Stop recording when you have finished your answer.");
});

function keepTake(blob) {
  state.take = blob;
  const audio = $("take-audio");
  if (audio.src) URL.revokeObjectURL(audio.src);
  audio.src = URL.createObjectURL(blob);
  show($("take"), true);
  say("Listen back if you like, then upload your answer.");
  $("take-upload").focus();
}

function discardTake() {
  state.take = null;
  const audio = $("take-audio");
  if (audio.src) URL.revokeObjectURL(audio.src);
  audio.removeAttribute("src");
  show($("take"), false);
  $("rec-timer").textContent = "0:00";
}

const uploadTake = action(async () => {
  const { take } = state;
  const form = new FormData();
  form.append("questionId", page.questionId);
  const extension = take.type.includes("ogg") ? "ogg" : take.type.includes("mp4") ? "m4a" : "webm";
  form.append("audio", new File([take], `answer.${extension}`, { type: take.type }));
  form.append("recordedAt", new Date().toISOString());
  const answer = await api("POST", `/api/interviews/${page.interview.id}/answers`, { form });
  discardTake();
  say(`Attempt ${answer.attempt} uploaded: it is being transcribed and scored.`);
  await reloadInterview();
  $("rec-toggle").textContent = "Record another attempt";
  await renderAttempts();
  $("attempts-title").focus();
  state.live?.wake();
});

async function nextQuestion() {
  const questions = page.interview.questions;
  const at = questions.findIndex((q) => q.questionId === page.questionId);
  const next = questions.slice(at + 1).find((q) => q.status === "pending") || questions[(at + 1) % questions.length];
  await openQuestion(next.questionId);
  $("q-text").focus();
}

const skipQuestion = action(async () => {
  await api("PATCH", `/api/interviews/${page.interview.id}/questions/${page.questionId}`, { json: { status: "skipped" } });
  await reloadInterview();
  say("Question skipped.");
  await nextQuestion();
});

const completeInterview = action(async () => {
  const { id, status, questions } = page.interview;
  if (status !== "completed") {
    const unanswered = questions.filter((q) => q.status === "pending").length;
    const question = plural(unanswered, "question is", "questions are");
    if (unanswered && !confirm(`${question} not answered. Complete the interview anyway?`)) return;
    await api("POST", `/api/interviews/${id}/complete`);
  }
  go(`#/interviews/${id}/result`);
});

export function wireInterview() {
  $("rec-toggle").addEventListener("click", toggleRecording);
  $("take-upload").addEventListener("click", uploadTake);
  $("take-discard").addEventListener("click", discardTake);
  $("q-skip").addEventListener("click", skipQuestion);
  $("q-next").addEventListener("click", action(nextQuestion));
  $("iv-complete").addEventListener("click", completeInterview);
}
