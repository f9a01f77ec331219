// The ingest page's progress: polls /ingest/status while an ingest runs and
// reloads the page when it is over (so the counts and failures are fresh).
// Embedded in the binary (include_str!); the page works without it.
(function () {
  var box = document.getElementById("ingest-progress");
  if (!box) return;
  var wasRunning = box.getAttribute("data-running") === "true";
  function poll() {
    fetch("/ingest/status", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (s.running) {
          wasRunning = true;
          box.setAttribute("data-running", "true");
          box.textContent = "Đang nhập văn bản: " + s.done + "/" + s.total + " tệp";
          setTimeout(poll, 700);
        } else if (wasRunning) {
          window.location.reload();
        }
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  if (wasRunning) poll();
  var form = document.getElementById("ingest-form");
  if (form) form.addEventListener("submit", function () { box.textContent = "Đang bắt đầu…"; });
})();
