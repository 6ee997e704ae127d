// Ask before a destructive action: any form with data-confirm.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
// A form is submitted once: a second click while it posts does nothing.
document.addEventListener("submit", function (event) {
  if (event.defaultPrevented) { return; }
  var form = event.target;
  if (form.dataset.submitted) { event.preventDefault(); return; }
  form.dataset.submitted = "1";
});
