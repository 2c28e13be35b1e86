// "Download results" on the search page. Without this script the links download the file directly. With it, the file
// is fetched as a stream so that the page can say how far it has got ("Rows received: 1,200 of 3,400") in a polite live
// region, offer a cancel button, and show a failure as a sentence instead of a broken download. The sentences come
// from the page (data-* attributes, in the reader's language).

const section = document.querySelector("[data-export]");

if (section && window.ReadableStream && window.AbortController) {
  const status = section.querySelector("[data-export-status]");
  const cancel = section.querySelector("[data-export-cancel]");
  const text = section.dataset;
  const numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);
  const fill = (template, ...values) =>
    template.replace(/\{(\d)\}/g, (_, i) => typeof values[i] === "number" ? numbers.format(values[i]) : values[i]);
  let controller = null;

  section.addEventListener("click", async (event) => {
    const link = event.target.closest("a[data-export-link]");
    if (!link) {
      return;
    }
    event.preventDefault();
    if (controller) {
      return;
    }
    controller = new AbortController();
    cancel.hidden = false;
    try {
      const response = await fetch(link.href, { signal: controller.signal, credentials: "same-origin" });
      if (!response.ok) {
        throw new DownloadProblem(await problemSentence(response));
      }
      const expected = Math.min(Number(response.headers.get("X-Total-Count")), Number(response.headers.get("X-Export-Limit")));
      const csv = (response.headers.get("Content-Type") || "").startsWith("text/csv");
      const count = rowCounter(csv);
      const reader = response.body.getReader();
      const chunks = [];
      let rows = 0;
      let shown = 0;
      status.textContent = fill(text.progress, 0, expected);
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          break;
        }
        chunks.push(value);
        rows = count(value);
        // A screen reader needs about two seconds to read the sentence out; more often, the updates would queue up.
        if (Date.now() - shown > 2000) {
          status.textContent = fill(text.progress, rows, expected);
          shown = Date.now();
        }
      }
      save(new Blob(chunks, { type: response.headers.get("Content-Type") || "application/octet-stream" }), fileName(response));
      status.textContent = fill(text.done, rows);
    } catch (error) {
      // The browser's own messages ("Failed to fetch") are English whatever the page's language: only the server's
      // (localised) problem sentence is shown as it is.
      status.textContent = error.name === "AbortError" ? text.cancelled
        : error instanceof DownloadProblem && error.message ? fill(text.failed, error.message)
        : text.interrupted;
    } finally {
      controller = null;
      // The cancel button disappears: a keyboard user who pressed it goes back to the link they started from.
      if (document.activeElement === cancel) {
        link.focus();
      }
      cancel.hidden = true;
    }
  });

  cancel.addEventListener("click", () => controller?.abort());
}

/** The server answered with a problem; its message is the problem's sentence, or empty when it has none. */
class DownloadProblem extends Error {}

/** Counts rows as the bytes arrive: line feeds outside quotes for CSV (RFC 4180: a quoted field may hold line breaks,
 * and "" inside it toggles twice), less the header row; every line feed for JSON Lines. */
function rowCounter(csv) {
  let lines = 0;
  let quoted = false;
  return (bytes) => {
    for (const byte of bytes) {
      if (csv && byte === 0x22) {
        quoted = !quoted;
      } else if (byte === 0x0a && !quoted) {
        lines++;
      }
    }
    return csv ? Math.max(0, lines - 1) : lines;
  };
}

/** The problem's sentence in the reader's language: its detail, or the first error of a field; empty otherwise (a
 * problem's title is the framework's English). */
async function problemSentence(response) {
  try {
    const problem = await response.json();
    return problem.detail || Object.values(problem.errors || {}).flat()[0] || "";
  } catch {
    return "";
  }
}

function fileName(response) {
  const disposition = response.headers.get("Content-Disposition") || "";
  const match = /filename="?([^";]+)"?/i.exec(disposition);
  return match ? match[1] : "childforum-search";
}

function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
