// The draft editor's live preview: the server's one Markdown pipeline renders (and sanitises) the text
// a moment after typing stops. Without script, the Preview button posts the form instead.
const { apiHeaders } = window.ChildForum;

for (const form of document.querySelectorAll("[data-draft-editor]")) {
    const body = form.querySelector("textarea[name=Body]");
    const preview = form.querySelector("[data-preview]");
    const button = form.querySelector("[data-preview-button]");
    if (!body || !preview) continue;
    if (button) button.hidden = true;

    let timer = 0;
    let latest = 0;
    const render = async () => {
        const text = body.value;
        if (!text.trim()) {
            preview.innerHTML = "";
            const empty = document.createElement("p");
            empty.className = "muted";
            empty.textContent = preview.dataset.emptyText;
            preview.append(empty);
            return;
        }
        const request = ++latest;
        try {
            const response = await fetch("/api/v1/markdown/preview", { method: "POST", headers: apiHeaders(), body: JSON.stringify({ markdown: text }) });
            if (request !== latest) return; // a newer keystroke's preview is on its way
            if (response.ok) {
                preview.innerHTML = (await response.json()).html; // sanitised by the server
            } else {
                const problem = await response.json().catch(() => null);
                preview.textContent = problem?.errors?.markdown?.[0] ?? problem?.detail ?? preview.dataset.errorText;
            }
        } catch {
            if (request === latest) preview.textContent = preview.dataset.errorText;
        }
    };
    body.addEventListener("input", () => {
        clearTimeout(timer);
        timer = setTimeout(render, 400);
    });
    render();

    // Leaving with unsaved text asks first.
    const original = body.value;
    let submitting = false;
    form.addEventListener("submit", () => { submitting = true; });
    window.addEventListener("beforeunload", (event) => {
        if (!submitting && body.value !== original) event.preventDefault();
    });
}
