// "Download results" on the search page. Without this script the links download the file directly. With it, the file
// is fetched as a stream so that the page can say how far it has got ("1,200 of 3,400 rows") in a polite live
// region, offer a cancel button, and show a failure as a sentence instead of a broken download. The sentences come
// from the page (data-* attributes, in the reader's language).

const section = document.querySelector("[data-export]");

if (section && window.ReadableStream && window.AbortController) {
  const status = section.querySelector("[data-export-status]");
  const cancel = section.querySelector("[data-export-cancel]");
  const numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);
  const fill = (template, ...values) => template.replace(/\{(\d)\}/g, (_, i) => numbers.format(values[Number(i)]));
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
        throw new Error(await problemSentence(response));
      }
      const expected = Math.min(Number(response.headers.get("X-Total-Count")), Number(response.headers.get("X-Export-Limit")));
      const csv = (response.headers.get("Content-Type") || "").startsWith("text/csv");
      const count = rowCounter(csv);
      const reader = response.body.getReader();
      const chunks = [];
      let rows = 0;
      let shown = 0;
      status.textContent = fill(section.dataset.progress, 0, expected);
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          break;
        }
        chunks.push(value);
        rows = count(value);
        // A live region read out on every chunk would never finish speaking: at most once a second.
        if (Date.now() - shown > 1000) {
          status.textContent = fill(section.dataset.progress, rows, expected);
          shown = Date.now();
        }
      }
      save(new Blob(chunks, { type: response.headers.get("Content-Type") || "application/octet-stream" }), fileName(response));
      status.textContent = fill(section.dataset.done, rows);
    } catch (error) {
      status.textContent = error.name === "AbortError"
        ? section.dataset.cancelled
        : section.dataset.failed.replace("{0}", error.message);
    } finally {
      controller = null;
      cancel.hidden = true;
    }
  });

  cancel.addEventListener("click", () => controller?.abort());
}

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

/** The problem's sentence: its detail, or the first error of a field, or the status. */
async function problemSentence(response) {
  try {
    const problem = await response.json();
    const fieldErrors = Object.values(problem.errors || {}).flat();
    return problem.detail || fieldErrors[0] || problem.title || String(response.status);
  } catch {
    return `${response.status} ${response.statusText}`;
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
