// The print view's button: the browser's print dialog, where "Save as PDF" makes the export.
document.querySelector("[data-print]")?.addEventListener("click", () => window.print());
