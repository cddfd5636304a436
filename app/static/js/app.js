// Small behaviours on top of htmx; every page works without this file.
function showError(text) {
  const flash = document.getElementById("flash");
  if (!flash) return;
  const p = document.createElement("p");
  p.className = "flash flash-error";
  p.setAttribute("role", "alert");
  p.textContent = text;
  flash.replaceChildren(p);
}

// Refusals (403, 400 CSRF, 500) appear in the status area instead of failing silently.
document.addEventListener("htmx:responseError", (event) => {
  const xhr = event.detail.xhr;
  const doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
  const message = doc.querySelector(".error-page p");
  showError(message ? message.textContent.trim() : String(xhr.status));
});

document.addEventListener("htmx:sendError", () => {
  showError(document.documentElement.lang === "en"
    ? "The server could not be reached. Please try again."
    : "无法连接服务器，请稍后重试。");
});
