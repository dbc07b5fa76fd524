// What every view shares: the page's state, messages, navigation and user actions.

import { ApiError } from "./api.js";
import { show } from "./dom.js";

export const $ = (id) => document.getElementById(id);

const VIEWS = ["view-loading", "view-auth", "view-home", "view-interview", "view-result"];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const page = {
  user: null,
  interview: null, // GET /api/interviews/:id of the open interview, kept up to date
  questionId: null,
  result: null,
};

let router = () => {};
// What to tell the candidate once the next view is drawn.
let notice = "";
// A problem raised just before a navigation stays on screen through it.
let keepProblem = false;

export function say(message) {
  $("status").textContent = message;
}

/** Say this when the next view is drawn (a navigation clears what was said before). */
export function sayNext(message) {
  notice = message;
}

export function complain(error) {
  const box = $("problem");
  box.textContent = error instanceof ApiError || error instanceof Error ? error.message : String(error);
  show(box, true);
}

export function clearProblem() {
  if (!keepProblem) show($("problem"), false);
  keepProblem = false;
}

export function showView(id) {
  const changed = $(id).hidden;
  VIEWS.forEach((view) => show($(view), view === id));
  show($("nav"), Boolean(page.user));
  $("whoami").textContent = page.user ? page.user.name : "";
  if (!changed) return;
  say(notice);
  notice = "";
  // A screen reader and a keyboard start from the new view's heading.
  $(id).querySelector("h1")?.focus();
}

export function setRouter(route) {
  router = route;
}

/** Go to a place of the page (`#/...`); the same place is drawn again. */
export function go(hash) {
  if (location.hash === hash) {
    keepProblem = false;
    router();
  } else {
    location.hash = hash;
  }
}

/** The route in the address: `["interviews", id, "result"]`, empty for home; ids checked. */
export function place() {
  if (!location.hash.startsWith("#/")) return null; // an in-page link such as #main
  const parts = location.hash.slice(2).split("/").filter(Boolean);
  if (parts[0] === "interviews" && !UUID.test(parts[1] || "")) return [];
  return parts;
}

/** Enable or disable a control for a reason of the page's state (actions restore it). */
export function enable(id, on) {
  $(id).disabled = !on;
  $(id).dataset.off = String(!on);
}

/** Run something the user asked for: its errors are shown, its button disabled meanwhile. */
export function action(handler) {
  return async (event) => {
    event?.preventDefault();
    const button = event?.submitter || (event?.currentTarget instanceof HTMLButtonElement ? event.currentTarget : null);
    if (button) button.disabled = true;
    clearProblem();
    try {
      await handler(event);
    } catch (error) {
      complain(error);
      if (error instanceof ApiError && error.status === 401 && page.user) {
        page.user = null; // the session is gone: back to signing in, saying why
        keepProblem = true;
        go("#/");
      }
    } finally {
      if (button) button.disabled = button.dataset.off === "true";
    }
  };
}

export function formData(form) {
  return Object.fromEntries(new FormData(form).entries());
}
