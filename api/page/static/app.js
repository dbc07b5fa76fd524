// The practice page: signing in and out, and which view the address shows.

import { api, hasSession, signIn, signOut } from "./api.js";
import { showHome, wireHome } from "./home.js";
import { abandonRecording, showInterview, stopFollowing, wireInterview } from "./interview.js";
import { showResult, stopWaiting, wireResult } from "./result.js";
import { $, action, clearProblem, complain, formData, go, page, place, sayNext, setRouter, showView } from "./ui.js";

const login = action(async (event) => {
  const { email, password } = formData(event.target);
  page.user = await signIn("/api/auth/login", { email, password });
  go("#/");
});

const register = action(async (event) => {
  const { name, email, password } = formData(event.target);
  page.user = await signIn("/api/auth/register", { name, email, password });
  sayNext("Welcome! Check your inbox to verify your email address.");
  go("#/");
});

const logout = action(async () => {
  await abandonRecording();
  stopFollowing();
  stopWaiting();
  page.user = null;
  page.interview = null;
  page.result = null;
  try {
    await signOut();
  } finally {
    go("#/");
  }
});

/** Draw the view the address names (or the sign-in view without a session). */
async function route() {
  const where = place() ?? []; // an address that names no view shows home
  stopWaiting();
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
  const [kind, id, sub] = where;
  try {
    if (kind === "interviews" && id && sub === "result") {
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
  setRouter(route);
  // The skip link moves focus; as a #hash it would be taken for a place of the page.
  document.querySelector(".skip").addEventListener("click", (event) => {
    event.preventDefault();
    $("main").focus();
  });
  $("login-form").addEventListener("submit", login);
  $("register-form").addEventListener("submit", register);
  $("nav-logout").addEventListener("click", logout);
  $("nav-home").addEventListener("click", () => go("#/"));
  wireHome();
  wireInterview();
  wireResult();
  window.addEventListener("hashchange", async () => {
    if (place() === null) return;
    clearProblem();
    await abandonRecording();
    await route();
  });
}

wire();
route().then(() => {
  // The page answers input from here on (bench/page.py reads this mark).
  performance.mark("interactive");
  document.body.setAttribute("data-ready", "true");
});
