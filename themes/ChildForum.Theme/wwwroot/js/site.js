// Progressive enhancements; every page works without them.

// Ask before destructive actions: <form data-confirm="…">.
document.addEventListener("submit", (event) => {
    const form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
        event.preventDefault();
    }
});

// Copy buttons: <button data-copy="#input-id">.
document.addEventListener("click", async (event) => {
    const button = event.target instanceof Element ? event.target.closest("[data-copy]") : null;
    if (!button) return;
    const input = document.querySelector(button.getAttribute("data-copy"));
    if (!input) return;
    input.select();
    try {
        await navigator.clipboard.writeText(input.value);
        button.textContent = button.dataset.copiedText || "Copied";
    } catch {
        // Clipboard unavailable: the text stays selected for Ctrl+C.
    }
});

// A form that came back with errors: every field with a message beside it is marked invalid for assistive technology
// (some pages mark theirs on the server, not all), and the first has the focus, so that a keyboard or screen-reader
// user starts where the problem is instead of at the top of the page.
const fieldsWithErrors = [...document.querySelectorAll("main .field-error, main .field-validation-error")]
    .filter(message => message.textContent.trim().length > 0)
    .map(message => message.closest(".field")?.querySelector("input:not([type=hidden]), textarea, select"))
    .filter(field => field && !field.disabled);
for (const field of fieldsWithErrors) field.setAttribute("aria-invalid", "true");
fieldsWithErrors[0]?.focus();

/** Headers for fetch() calls from pages: the antiforgery token the API asks of cookie-authenticated changes. */
export function apiHeaders() {
    const token = document.querySelector('meta[name="request-verification-token"]')?.getAttribute("content");
    return { "Content-Type": "application/json", "Accept": "application/json", ...(token ? { "RequestVerificationToken": token } : {}) };
}

// Times are rendered in UTC on the server; show them in the reader's own time zone and language: the page's language,
// in the reader's own variant of it when the browser names one (en-GB "18 Dec 2026, 14:05", en-US "Dec 18, 2026, 2:05 PM").
const pageLanguage = document.documentElement.lang || undefined;
const readersVariant = pageLanguage && (navigator.languages ?? [navigator.language])
    .find(language => language?.split("-")[0].toLowerCase() === pageLanguage.split("-")[0].toLowerCase());
const timeFormat = new Intl.DateTimeFormat(readersVariant || pageLanguage, { dateStyle: "medium", timeStyle: "short" });
export function localiseTimes(scope = document) {
    for (const time of scope.querySelectorAll("time[data-local-time]:not([data-localised])")) {
        const value = new Date(time.getAttribute("datetime"));
        if (!Number.isNaN(value.getTime())) {
            time.textContent = timeFormat.format(value);
            time.title = time.getAttribute("datetime");
            time.dataset.localised = "true";
        }
    }
}
localiseTimes();

// Page scripts of modules use these without importing this file again under another (fingerprinted) address.
window.ChildForum = Object.freeze({ apiHeaders, localiseTimes });
