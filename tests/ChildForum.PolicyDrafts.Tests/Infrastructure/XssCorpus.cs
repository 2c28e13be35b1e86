namespace ChildForum.PolicyDrafts.Tests.Infrastructure;

/// <summary>Texts that try to put live markup into a draft's rendered <c>html</c>: raw HTML, Markdown links and images with
/// dangerous schemes, autolinks, entity and Unicode obfuscation, and the block constructs drafts use (headings, tables,
/// footnotes, reference links, quotes, lists). None of them may survive as markup.</summary>
public static class XssCorpus
{
    public static IReadOnlyList<string> Payloads { get; } =
    [
        // Raw HTML (Markdown has raw HTML off; the sanitiser is the second line)
        "<script>alert(1)</script>",
        "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
        "<script>\nalert(1)\n</script>",
        "<img src=x onerror=alert(1)>",
        "<img src=\"javascript:alert(1)\">",
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<svg><a xlink:href=\"javascript:alert(1)\"><text x=\"20\" y=\"20\">click</text></a></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
        "<object data=\"javascript:alert(1)\"></object>",
        "<embed src=\"javascript:alert(1)\">",
        "<style>body { background: url(javascript:alert(1)) }</style>",
        "<div style=\"background-image: url(javascript:alert(1))\">x</div>",
        "<a href=\"javascript:alert(1)\">click</a>",
        "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">click</a>",
        "<details open ontoggle=alert(1)>",
        "<input autofocus onfocus=alert(1)>",
        "<form action=\"javascript:alert(1)\"><button>go</button></form>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<base href=\"javascript:alert(1)//\">",
        "<p onclick=alert(1)>Click me</p>",
        // Nested and obfuscated
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<!--<script>alert(1)</script>-->",
        "<![CDATA[<script>alert(1)</script>]]>",
        "<img\nsrc=x\nonerror=alert(1)>",
        "```html\n<script>alert(1)</script>\n```",
        "    <script>alert(1)</script>\n\nAfter an indented code block.",
        // Markdown links
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](<javascript:alert(1)>)",
        "[click](java&#x73;cript:alert(1))",
        "[click](&#106;avascript:alert(1))",
        "[click](javascript&colon;alert(1))",
        "[click](jav&#x09;ascript:alert(1))",
        "[click](vbscript:msgbox(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[click](data:text/html,<script>alert(1)</script>)",
        // Link titles with quotes
        "[click](https://example.org \"onmouseover=alert(1)\")",
        "[click](https://example.org \"a\\\" onmouseover=\\\"alert(1)\")",
        "[click](https://example.org 'it''s \" onmouseover=\"alert(1)')",
        "[click](https://example.org\" onmouseover=\"alert(1))",
        "[click](https://example.org/?q=\"><script>alert(1)</script>)",
        // Reference links
        "[click][evil]\n\n[evil]: javascript:alert(1)",
        "[click][evil]\n\n[evil]: <javascript:alert(1)> \"title\"",
        "[click][t]\n\n[t]: https://example.org \"\\\" onmouseover=\\\"alert(1)\"",
        "[evil]\n\n[evil]: data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        // Autolinks
        "<javascript:alert(1)>",
        "<data:text/html,<script>alert(1)</script>>",
        "<vbscript:msgbox(1)>",
        "www.example.org/<script>alert(1)</script>",
        "https://example.org/\"onmouseover=\"alert(1)",
        // Markdown images
        "![x](javascript:alert(1))",
        "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "![x](https://example.org/x.png\" onerror=\"alert(1))",
        "![x\" onerror=\"alert(1)](https://example.org/x.png)",
        "[![x](https://example.org/x.png)](javascript:alert(1))",
        // Entities and escapes
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&#60;script&#62;alert(1)&#60;/script&#62;",
        "\\<script\\>alert(1)\\</script\\>",
        // Unicode tricks
        "＜script＞alert(1)＜/script＞",
        "[click](java\u200Bscript:alert(1))",
        "[click](\u202Ejavascript:alert(1))",
        "[click](\uFEFFjavascript:alert(1))",
        "[click](ｊａｖａｓｃｒｉｐｔ:alert(1))",
        "<scr\u0131pt>alert(1)</scr\u0131pt>",
        // Draft constructs carrying payloads
        "# <script>alert(1)</script> [x](javascript:alert(1))",
        "| a | <img src=x onerror=alert(1)> |\n|---|---|\n| <script>alert(1)</script> | [x](javascript:alert(1)) |",
        "| [t][evil] | ![i](javascript:alert(1)) |\n|---|---|\n| `<script>` | <iframe src=x> |\n\n[evil]: vbscript:msgbox(1)",
        "- [x] <script>alert(1)</script>\n- [ ] [t](javascript:alert(1))",
        "1. <svg onload=alert(1)>\n   - nested [x](data:text/html,1)",
        "Text[^1]\n\n[^1]: <script>alert(1)</script> [x](javascript:alert(1))",
        "Text[^x]\n\n[^x]: ![i](javascript:alert(1)) <iframe src=javascript:alert(1)>\n    continued <object data=x>",
        "Text[^<script>alert(1)</script>]\n\n[^<script>alert(1)</script>]: note",
        "> <iframe src=javascript:alert(1)>\n> [x](javascript:alert(1))",
        "**<img src=x onerror=alert(1)>** _[x](javascript:alert(1))_",
    ];
}
