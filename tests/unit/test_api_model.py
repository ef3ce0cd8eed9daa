"""The data API's pure parts: documents from plain objects, HTML for the mini-program, settings."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

import pelicanconf
from plugins.api import model
from plugins.api.settings import DEFAULTS, DOCUMENTS, api_config
from plugins.common.errors import ContentErrors
from plugins.donations.model import Gift, public
from plugins.urls.model import site_urls

BASE = "https://xiaoyou.wfu.edu.cn"
PAGE = f"{BASE}/news/2024/tree/"


def url_settings(**overrides) -> dict:
    settings = {f"{prefix}{suffix}": getattr(pelicanconf, f"{prefix}{suffix}")
                for prefix, _ in DOCUMENTS.values() for suffix in ("_URL", "_SAVE_AS")}  # fmt: skip
    settings.update(API_PAGE_URL=pelicanconf.API_PAGE_URL, API_PAGE_SAVE_AS=pelicanconf.API_PAGE_SAVE_AS)
    settings.update(overrides)
    return settings


# ---------------------------------------------------------------- HTML for <rich-text>


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<p><img src="/images/a.jpg" alt="树"></p>', f'<p><img src="{BASE}/images/a.jpg" alt="树"></p>'),
        ('<a href="../../2023/x/">旧闻</a>', f'<a href="{BASE}/news/2023/x/">旧闻</a>'),
        ('<a href="#fn1">1</a>', f'<a href="{PAGE}#fn1">1</a>'),
        ('<a href="https://www.wfu.edu.cn/">学校</a>', '<a href="https://www.wfu.edu.cn/">学校</a>'),
        ('<a href="mailto:xiaoyou@example.edu.cn">信</a>', '<a href="mailto:xiaoyou@example.edu.cn">信</a>'),
        ("<p>a</p><script>alert(1)</script>", "<p>a</p>"),
        ('<p onclick="x()" class="lead" style="color:red">a</p>', "<p>a</p>"),
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ('<iframe src="https://v.qq.com/x"></iframe><p>b</p>', "<p>b</p>"),
        (
            '<picture><source srcset="/a.webp"><img src="/a.jpg" alt=""></picture>',
            f'<img src="{BASE}/a.jpg" alt="">',
        ),
        ("<!-- editor note --><p>c</p>", "<p>c</p>"),
    ],
)
def test_mini_program_html(html, expected):
    assert model.mini_program_html(html, PAGE) == expected


def test_absolute_urls():
    assert model.absolute(BASE, "news/2024/x/") == f"{BASE}/news/2024/x/"
    assert model.absolute(BASE + "/", "/images/a.jpg") == f"{BASE}/images/a.jpg"
    assert model.absolute(BASE, "https://cdn.example/x") == "https://cdn.example/x"
    assert model.absolute(BASE, None) is None and model.absolute(BASE, "") is None


# ---------------------------------------------------------------- news


def article(day: int, slug: str, **extra):
    category = SimpleNamespace(name="校友活动", slug="events")
    return SimpleNamespace(title=f"标题{day}", date=datetime(2024, 5, day, 9), slug=slug, category=category,
                           url=f"news/2024/{slug}/", summary_text="摘要", **extra)  # fmt: skip


def test_news_item_and_stable_id():
    item = model.news_item(article(3, "tree", cover="images/news/t.jpg", college="cs"), BASE, "api/v1/news/2024/tree.json",
                           {"headline_900x383": f"{BASE}/covers/h.jpg", "square_500x500": f"{BASE}/covers/s.jpg"})  # fmt: skip
    assert item["id"] == "2024/tree"
    assert item["date"] == "2024-05-03T09:00:00"
    assert item["cover"] == f"{BASE}/images/news/t.jpg"
    assert item["covers"]["square_500x500"] == f"{BASE}/covers/s.jpg"
    assert item["college"] == "cs" and item["category"] == {"name": "校友活动", "slug": "events"}
    assert item["api_url"] == f"{BASE}/api/v1/news/2024/tree.json"
    # without its own cover an article has no covers (the default share image is not its cover)
    bare = model.news_item(
        article(4, "bare"), BASE, "x.json", {"headline_900x383": "h", "square_500x500": "s"}
    )
    assert bare["cover"] is None and bare["covers"] is None and bare["college"] is None


@pytest.mark.parametrize(
    ("count", "size", "pages"), [(0, 20, 1), (1, 20, 1), (20, 20, 1), (21, 20, 2), (45, 10, 5)]
)
def test_news_pages(count, size, pages):
    items = [{"id": str(i)} for i in range(count)]
    documents = model.news_pages(items, size, lambda n: f"/p/{n}", "v1")
    assert len(documents) == pages
    assert [i for d in documents for i in d["items"]] == items
    assert documents[0]["previous"] is None and documents[-1]["next"] is None
    for number, document in enumerate(documents, 1):
        assert document["page"] == number and document["pages"] == pages and document["total"] == count
        if number < pages:
            assert document["next"] == f"/p/{number + 1}" and len(document["items"]) == size
        if number > 1:
            assert document["previous"] == f"/p/{number - 1}"


def test_article_document_cleans_the_body():
    source = article(3, "tree", cover="images/a.jpg", cover_alt="树", tags=[SimpleNamespace(name="校友林")])
    item = model.news_item(source, BASE, "x.json", None)
    document = model.article_document(
        item, source, '<p><img src="/images/a.jpg"></p><script>x</script>', "v1", BASE
    )
    assert document["body_html"] == f'<p><img src="{BASE}/images/a.jpg"></p>'
    assert document["tags"] == ["校友林"] and document["cover_alt"] == "树" and document["id"] == "2024/tree"


# ---------------------------------------------------------------- donations: only what the pages show


def gift(**overrides) -> Gift:
    values = dict(donor="张三（示例）", donor_type="alumnus", class_year=2010, college="cs", project="p", kind="money",
                  amount=Decimal("5000"), valuation=None, item=None, date=date(2025, 1, 2), anonymous=False,
                  show_amount=False, story=None, note=None, path="gifts/2025.yml", line=3)  # fmt: skip
    values.update(overrides)
    fields = Gift.__dataclass_fields__
    return Gift(**{k: v for k, v in values.items() if k in fields})


def test_public_gift_hides_anonymous_donors_and_amounts():
    hidden = model.public_gift(public(gift()))
    assert hidden["name"] == "张三（示例）" and hidden["amount"] is None and hidden["class_year"] == 2010
    shown = model.public_gift(public(gift(show_amount=True)))
    assert shown["amount"] == "5000.00"
    secret = model.public_gift(public(gift(anonymous=True, show_amount=True)))
    assert "张三" not in str(secret)
    assert secret["anonymous"] is True and secret["class_year"] is None and secret["college"] is None


def test_money_is_an_exact_string():
    assert model.money(Decimal("1234.5")) == "1234.50"
    assert model.money(None) is None


# ---------------------------------------------------------------- jobs


def job(jid: str, expired: bool):
    enterprise = SimpleNamespace(id="e", name="企业", url="enterprises/e/")
    return SimpleNamespace(id=jid, title=jid, enterprise=enterprise, industry="信息技术", city="潍坊市", positions=2,
                           requirements=("本科",), published=date(2026, 1, 1), expires=date(2026, 2, 1), expired=expired,
                           apply_url=None, apply_email="hr@example.com", url=f"jobs/{jid}/")  # fmt: skip


def test_jobs_open_first_expired_flagged():
    document = model.jobs_document(
        [job("a", True), job("b", False), job("c", True), job("d", False)], date(2026, 3, 1), BASE, "v1"
    )
    assert [(j["id"], j["expired"]) for j in document["jobs"]] == [
        ("b", False),
        ("d", False),
        ("a", True),
        ("c", True),
    ]
    assert document["jobs"][0]["url"] == f"{BASE}/jobs/b/"


# ---------------------------------------------------------------- settings


def test_api_config_defaults_and_urls():
    config = api_config(None, url_settings())
    assert config.page_size == DEFAULTS["page_size"] and config.version == "v1"
    assert config.urls["article"] == "api/v1/news/{year}/{slug}.json"
    assert set(config.save_as) == set(DOCUMENTS)


@pytest.mark.parametrize(
    ("user", "overrides", "fragment"),
    [
        ({"pages": 3}, {}, "未知的键"),
        ({"page_size": 0}, {}, "page_size"),
        ({"page_size": True}, {}, "page_size"),
        ({"version": "1"}, {}, "version"),
        ("big", {}, "应为字典"),
        (None, {"API_EVENTS_SAVE_AS": None}, "API_EVENTS_SAVE_AS"),
        (None, {"API_EVENTS_URL": "api/v1/events.html"}, ".json"),
        (None, {"API_NEWS_ARTICLE_URL": "api/v1/news/{id}.json"}, "占位符"),
        (None, {"API_JOBS_SAVE_AS": "../jobs.json"}, "相对路径"),
        (None, {"API_JOBS_SAVE_AS": "/srv/jobs.json"}, "相对路径"),
        (None, {"API_PAGE_URL": None}, "API_PAGE_URL"),
        (None, {"API_PAGE_URL": "api/v1/index.html"}, "以 / 结尾"),
        (None, {"API_PAGE_SAVE_AS": "api/v1/api.html"}, "api/v1/index.html"),
    ],
)
def test_api_config_errors(user, overrides, fragment):
    with pytest.raises(ContentErrors) as caught:
        api_config(user, url_settings(**overrides))
    (error,) = caught.value.errors
    assert error.key == "invalid-setting" and fragment in error.message


# ---------------------------------------------------------------- urls.txt / urls.lock


def test_api_documents_are_public_urls_but_list_pages_are_not(tmp_path):
    for path in ("api/v1/index.json", "api/v1/news/index.json", "api/v1/news/page/2.json",
                 "api/v1/news/2024/tree.json", "build-info.json", "pagefind/pagefind-entry.json"):  # fmt: skip
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("{}")
    assert site_urls(str(tmp_path)) == [
        "/api/v1/index.json",
        "/api/v1/news/2024/tree.json",
        "/api/v1/news/index.json",
    ]


# ---------------------------------------------------------------- renamed articles keep their old document


@pytest.mark.parametrize(
    ("pattern", "redirects", "expected"),
    [
        ("news/{date:%Y}/{slug}/", [("/news/2022/policy/", "/news/2022/shi-shi-yi-jian/")],
         [("2022", "policy", "news/2022/shi-shi-yi-jian/")]),
        ("news/{date:%Y}/{slug}/", [("/news/2021/old/", "/news/2022/new/")], [("2021", "old", "news/2022/new/")]),
        ("news/{date:%Y}/{slug}/", [("/old/", "/news/2022/new/"), ("/news/2022/old/", "/about/")], []),
        ("news/{date:%Y}/{date:%m}/{slug}.html", [("/news/2022/05/a.html", "/news/2022/06/b.html")],
         [("2022", "a", "news/2022/06/b.html")]),
        ("news/{slug}/", [("/news/a/", "/news/b/")], []),  # no year: no news id to keep
    ],
)  # fmt: skip
def test_renamed_articles(pattern, redirects, expected):
    assert model.renamed_articles(redirects, pattern) == expected


def test_index_rows_name_every_written_document_in_chinese():
    from plugins.api.model import DOCUMENT_LABELS, index_rows

    config = api_config(None, url_settings())
    rows = index_rows(config.urls, ["events", "news"])
    assert [url for _, _, url in rows] == [
        "api/v1/index.json",
        "api/v1/news/index.json",
        "api/v1/events.json",
    ]
    assert all(label and description for label, description, _ in rows)
    assert set(DOCUMENT_LABELS) <= set(config.urls)  # every label names a configured document
