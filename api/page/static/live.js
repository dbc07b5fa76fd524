// Following an interview's stages: the browser's EventSource with a single-use ticket, and
// polling GET .../status whenever the stream cannot be had.

import { api } from "./api.js";

const POLL_MS = 2000;
// While polling, the stream is tried again every this many polls.
const POLLS_BEFORE_RETRY = 5;

/** Report every stage change of the interview to `onStage`; `onMode` says how ("stream"/"poll"). */
export function follow(interviewId, { onStage, onMode }) {
  let source = null;
  let connecting = false; // between asking for a ticket and opening the stream
  let pollTimer = null;
  let closed = false;
  const seen = new Map(); // stage -> its last state, so a poll reports changes only

  function report(event) {
    if (closed) return;
    const key = `${event.answerId}/${event.name}`;
    const state = `${event.status}/${event.attempts}`;
    if (seen.get(key) === state) return;
    seen.set(key, state);
    Promise.resolve(onStage(event)).catch(() => {});
  }

  async function stream() {
    if (closed || source || connecting) return;
    connecting = true;
    try {
      // EventSource cannot send Authorization: a ticket bound to this user and interview instead.
      const { ticket } = await api("POST", `/api/interviews/${interviewId}/events/ticket`);
      if (closed) return;
      const opened = new EventSource(`/api/interviews/${interviewId}/events?ticket=${encodeURIComponent(ticket)}`);
      source = opened;
      opened.addEventListener("open", () => onMode?.("stream"));
      opened.addEventListener("stage", (message) => report(JSON.parse(message.data)));
      opened.addEventListener("end", () => {
        opened.close();
        if (source === opened) source = null;
        onMode?.("ended");
      });
      opened.addEventListener("error", () => {
        // The ticket was used up: the browser's own reconnect cannot succeed, so poll instead.
        opened.close();
        if (source !== opened) return;
        source = null;
        poll();
      });
    } catch {
      poll();
    } finally {
      connecting = false;
    }
  }

  function poll() {
    if (closed || pollTimer) return;
    onMode?.("poll");
    let polls = 0;
    const tick = async () => {
      pollTimer = null;
      if (closed || source) return;
      try {
        const status = await api("GET", `/api/interviews/${interviewId}/status`);
        for (const answer of status.answers) {
          for (const stage of answer.stages) report({ ...stage, answerId: answer.answerId, questionId: answer.questionId });
        }
      } catch {
        // A failed poll is retried by the next one.
      }
      polls += 1;
      if (polls % POLLS_BEFORE_RETRY === 0) stream();
      else pollTimer = setTimeout(tick, POLL_MS);
    };
    pollTimer = setTimeout(tick, 0);
  }

  stream();
  return {
    /** Something new to follow (an upload): reopen the stream if it has ended. */
    wake() {
      if (!source && !pollTimer && !connecting) stream();
    },
    close() {
      closed = true;
      source?.close();
      clearTimeout(pollTimer);
    },
  };
}
