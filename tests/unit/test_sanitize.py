"""Body HTML sanitiser: XSS vectors are removed and reported; our own Markdown passes unchanged."""

import glob

import pytest
from bs4 import BeautifulSoup, Tag
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pelicanconf
from plugins.common.frontmatter import split_front_matter
from plugins.common.markdown_images import BodyRenderer
from plugins.common.sanitize import (
    SANITIZE_DEFAULTS,
    TAGS,
    SanitizeConfig,
    config_from_settings,
    sanitize_html,
    stripped_errors,
    url_is_safe,
)
from plugins.common.settings import SettingsError

BILIBILI = SanitizeConfig(frozenset({"player.bilibili.com"}))


# (input, what must not survive (lower-cased output), a label that must be reported)
XSS = [
    ("<img src=x onerror=alert(1)>", "onerror", "onerror"),
    ('<a href="jav&#x09;ascript:alert(1)">x</a>', "javascript", "javascript:"),
    ('<a href="jav&#x0A;ascript:alert(1)">x</a>', "javascript", "javascript:"),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', "javascript", "javascript:"),
    (
        '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
        "alert",
        "javascript:",
    ),
    ('<a href="  javascript:alert(1)">x</a>', "javascript", "javascript:"),
    ('<a href="vbscript:msgbox(1)">x</a>', "vbscript", "vbscript:"),
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "data:", "data:"),
    ('<img src="data:image/svg+xml,<svg onload=alert(1)>">', "data:", "data:"),
    ('<img srcset="javascript:alert(1) 1x, /a.jpg 2x">', "javascript", "srcset"),
    ("<svg onload=alert(1)><circle r=1 /></svg>", "svg", "<svg>"),
    ('<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', "javascript", "<svg>"),
    ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "onerror", "<math>"),
    ('<iframe srcdoc="<script>alert(1)</script>"></iframe>', "iframe", "<iframe>"),
    ('<iframe src="javascript:alert(1)"></iframe>', "iframe", "<iframe>"),
    ('<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', "meta", "<meta>"),
    ('<form action="https://evil.example/"><input name="pw"><button>登录</button></form>', "form", "<form>"),
    ('<object data="x.swf"></object>', "object", "<object>"),
    ('<embed src="x.swf">', "embed", "<embed>"),
    ('<base href="https://evil.example/">', "base", "<base>"),
    ("<style>body{background:url(javascript:alert(1))}</style>", "style", "<style>"),
    ('<link rel="stylesheet" href="https://evil.example/x.css">', "link", "<link>"),
    ("<script>alert(1)</script>", "alert", "<script>"),
    ("<scr<script>ipt>alert(1)</script>", "<script", "<script>"),
    ('<p onclick="alert(1)" onmouseover="x()">文字</p>', "on", "onclick"),
    ('<p style="background:url(javascript:alert(1))">x</p>', "style", "style"),
    ('<div id="location">x</div>', "location", "id"),
    ('<a href="/x" target="_blank" ping="https://t.example/">x</a>', "ping", "ping"),
    ('<img src="/a.jpg" alt="x" usemap="#m">', "usemap", "usemap"),
    ("<!--[if IE]><script>alert(1)</script><![endif]-->", "script", "注释"),
    ('<details open ontoggle="alert(1)">x</details>', "ontoggle", "<details>"),
    ('<video><source onerror="alert(1)"></video>', "onerror", "<video>"),
    ('<body onload="alert(1)">', "onload", "<body>"),
    ('<input autofocus onfocus="alert(1)">', "onfocus", "<input>"),
    ("<textarea><img src=x onerror=alert(1)></textarea>", "onerror", "<textarea>"),
    ('<noscript><p title="</noscript><img src=x onerror=alert(1)>">', "onerror", "<noscript>"),
]


@pytest.mark.parametrize(("fragment", "gone", "label"), XSS)
def test_xss_vectors_are_removed_and_reported(fragment, gone, label):
    result = sanitize_html(fragment)
    assert gone not in result.html.lower()
    assert any(label in item.what for item in result.stripped), result.stripped
    # The cleaned HTML is a fixed point: cleaning it again removes nothing.
    again = sanitize_html(result.html)
    assert again.html == result.html and again.stripped == ()


@pytest.mark.parametrize(
    "fragment",
    [
        '<p>文字 <a href="https://www.wfu.edu.cn/" title="官网">官网</a></p>',
        '<a href="mailto:xiaoyou@wfu.edu.cn">邮箱</a> <a href="tel:0536-8785000">电话</a>',
        '<a href="/news/2024/a/">相对</a><a href="../b/">上级</a><a href="#fn:1">脚注</a>',
        '<a href="{filename}/news/2024/a.md">站内</a><img src="{static}/images/a.jpg" alt="图">',
        '<img src="/photos/a-640.webp" alt="合影" width="640" height="427" loading="lazy" decoding="async" '
        'srcset="/photos/a-320.webp 320w, /photos/a-640.webp 640w" sizes="(max-width: 640px) 100vw, 640px">',
        '<figure><img src="/a.jpg" alt="a"><figcaption>说明</figcaption></figure>',
        '<table><thead><tr><th style="text-align: left;">a</th></tr></thead><tbody><tr><td style="text-align: right;">1</td></tr></tbody></table>',
        '<pre><code class="language-python">x = 1 &lt; 2\n</code></pre>',
        '<div class="highlight"><pre><span></span><span class="k">def</span> <span class="nf">f</span></pre></div>',
        '<p><abbr title="Hyper Text">HTML</abbr> H<sub>2</sub>O x<sup>2</sup> <kbd>Ctrl</kbd></p>',
        "<dl><dt>术语</dt><dd>解释</dd></dl><hr><br><blockquote><p>引文</p></blockquote>",
        '<ol start="3"><li>三</li></ol><ul><li><del>删</del><ins>增</ins><mark>标</mark></li></ul>',
    ],
)
def test_safe_markup_is_kept(fragment):
    result = sanitize_html(fragment)
    assert result.stripped == ()
    assert _dom(result.html) == _dom(fragment)


def test_iframes_only_from_configured_video_hosts():
    good = '<iframe src="https://player.bilibili.com/player.html?bvid=1" width="640" height="360" allowfullscreen></iframe>'
    assert sanitize_html(good).html == ""  # default: no video host
    result = sanitize_html(good + '<iframe src="https://evil.example/x"></iframe><iframe></iframe>', BILIBILI)
    assert result.html.count("<iframe") == 1 and "player.bilibili.com" in result.html
    assert "evil" not in result.html
    assert [s.what for s in result.stripped] == [
        "来自 evil.example 的嵌入框（iframe）",
        "没有来源的嵌入框（iframe）",
    ]
    insecure = sanitize_html('<iframe src="http://player.bilibili.com/x"></iframe>', BILIBILI)
    assert insecure.html == "" and insecure.stripped
    srcdoc = sanitize_html(
        '<iframe src="https://player.bilibili.com/x" srcdoc="<script>1</script>"></iframe>', BILIBILI
    )
    assert "srcdoc" not in srcdoc.html and srcdoc.stripped


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://a.example/", True),
        ("mailto:a@wfu.edu.cn", True),
        ("/news/", True),
        ("a/b:c", True),
        ("#top", True),
        ("?page=2", True),
        ("javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("\x01javascript:alert(1)", False),
        ("&#x6A;avascript:alert(1)", False),
        ("data:text/html,x", False),
        ("file:///etc/passwd", False),
        ("ftp://x", False),
    ],
)
def test_url_is_safe(url, safe):
    assert url_is_safe(url) is safe


def test_settings():
    assert config_from_settings(None) == SanitizeConfig(frozenset(SANITIZE_DEFAULTS["video_hosts"]))
    assert config_from_settings({"video_hosts": ["player.bilibili.com"]}) == BILIBILI
    for bad in (
        {"video_host": []},
        {"video_hosts": "player.bilibili.com"},
        {"video_hosts": ["https://x.com/"]},
    ):
        with pytest.raises(SettingsError):
            config_from_settings(bad)


MARKDOWN_WITH_SCRIPT = '第一段\n\n```html\n<script>示例代码</script>\n```\n\n<p onclick="x()">点我</p>\n\n<script>alert(1)</script>'


def test_stripped_errors_point_at_the_editor_line():
    import markdown as python_markdown

    raw = python_markdown.markdown(MARKDOWN_WITH_SCRIPT, extensions=["fenced_code"])
    result = sanitize_html(raw)
    errors = stripped_errors(result, "content/news/2024/a.md", MARKDOWN_WITH_SCRIPT, 8)
    assert [(e.line, e.key) for e in errors] == [(14, "unsafe-html"), (16, "unsafe-html")]
    assert "onclick" in errors[0].message and "<script>" in errors[1].message
    assert "&lt;script&gt;示例代码" in result.html  # code shows markup, it does not run it


def test_the_body_renderer_sanitises_and_warns_at_the_editor_line(capsys):
    renderer = BodyRenderer("content", pelicanconf.MARKDOWN)
    html = renderer.render(MARKDOWN_WITH_SCRIPT, "content/news/2024/a.md", "content/news/2024/a.md", 8)
    assert "alert(1)" not in html and "onclick" not in html and "&lt;script&gt;示例代码" in html
    warnings = capsys.readouterr().err.splitlines()
    assert [w.split(": ", 1)[0] for w in warnings] == [
        "警告：content/news/2024/a.md:14",
        "警告：content/news/2024/a.md:16",
    ]
    assert all(w.endswith("[unsafe-html]") for w in warnings)


def test_the_body_renderer_logs_errors_for_collection_when_publishing(tmp_path):
    """Publishing: each problem goes to the root logger with its error, where wfu.build's collector takes it."""
    import logging

    records: list[logging.LogRecord] = []
    collector = logging.Handler(level=logging.ERROR)
    collector.emit = records.append
    root = logging.getLogger()
    root.addHandler(collector)
    path = f"content/news/2024/{tmp_path.name}.md"  # Pelican's logger drops a message seen before
    try:
        html = BodyRenderer("content", pelicanconf.MARKDOWN, publish=True).render(
            MARKDOWN_WITH_SCRIPT, path, path, 8
        )
    finally:
        root.removeHandler(collector)
    assert "alert(1)" not in html
    collected = [r.content_error for r in records if hasattr(r, "content_error")]
    assert [(e.line, e.key) for e in collected] == [(14, "unsafe-html"), (16, "unsafe-html")]


def _dom(fragment: str) -> list:
    """Tags, attributes (decoded) and text, ignoring serialisation details (entities, quotes)."""

    def value(key, raw):
        text = " ".join(raw) if isinstance(raw, list) else raw
        return text.replace(" ", "").rstrip(";") if key == "style" else text  # CSS spacing is not meaning

    out = []
    for node in BeautifulSoup(fragment, "html.parser").descendants:
        if isinstance(node, Tag):
            out.append((node.name, sorted((k, value(k, v)) for k, v in node.attrs.items())))
        else:
            out.append(str(node))
    return out


NEWS = sorted(glob.glob("content/news/**/*.md", recursive=True))


@pytest.mark.parametrize("source", NEWS)
def test_real_articles_pass_unchanged(source):
    assert NEWS, "sample news articles missing"
    renderer = BodyRenderer("content", pelicanconf.MARKDOWN)
    with open(source, encoding="utf-8") as handle:
        body = split_front_matter(handle.read(), source).body
    rendered = renderer.render(body, source)
    result = sanitize_html(rendered)
    assert result.stripped == ()
    assert _dom(result.html) == _dom(rendered)


def test_markdown_extras_pass_unchanged():
    markdown = (
        "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n脚注[^1]和[^注一]\n\n[^1]: 注释\n\n[^注一]: 中文脚注\n\n```python\nx = 1\n```\n\n"
        "*[HTML]: Hyper Text\n\nHTML 缩写\n\n术语\n:   解释\n\n3. 三\n4. 四\n\n![校门](/images/a.jpg)"
    )
    rendered = BodyRenderer("content", pelicanconf.MARKDOWN).render(markdown, "content/news/x.md")
    result = sanitize_html(rendered)
    assert result.stripped == ()
    assert _dom(result.html) == _dom(rendered)


HTMLISH = st.lists(
    st.sampled_from(
        [
            "<",
            ">",
            "/",
            "=",
            '"',
            "'",
            " ",
            "a",
            "p",
            "img",
            "script",
            "svg",
            "iframe",
            "src",
            "href",
            "onerror",
            "javascript:",
            "&#x09;",
            "data:",
            "alert(1)",
            "<!--",
            "-->",
            "style",
            "校友",
            "\n",
        ]  # fmt: skip
    ),
    max_size=60,
).map("".join)


@given(HTMLISH)
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
def test_fuzz_output_is_safe_and_stable(fragment):
    result = sanitize_html(fragment)
    soup = BeautifulSoup(result.html, "html.parser")
    for tag in soup.find_all(True):
        assert tag.name in TAGS
        assert not any(name.startswith("on") for name in tag.attrs)
        for name in ("href", "src"):
            assert url_is_safe(str(tag.get(name, "")))
    assert sanitize_html(result.html).html == result.html


def test_deep_nesting_is_handled():
    result = sanitize_html("<div>" * 5000 + "<font>x</font>" + "<svg>" * 3000)
    assert [s.what for s in result.stripped] == ["<font>", "<svg>"]
    assert "x" in result.html and "svg" not in result.html
