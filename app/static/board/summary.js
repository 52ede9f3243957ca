// Print button of the visit summary (a file of its own: the CSP allows no inline script).
document.getElementById("print-button")?.addEventListener("click", () => window.print());
