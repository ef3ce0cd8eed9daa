"""Development settings: `invoke build` and `invoke serve` use these.

Declarative only; `publishconf.py` overrides what changes for publishing.
"""

import os
import sys

# Our plugins live in ./plugins and are imported as plugins.<name>.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

SITENAME = "潍坊学院校友会"
SITE_DESCRIPTION = "潍坊学院校友会官方网站：校友新闻、学院校友工作专栏、校友风采、各地校友会与校友捐赠。"
SITEURL = ""
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh-CN"
LOCALE = ("C.UTF-8", "C")

PATH = "content"
THEME = "theme"
ARTICLE_PATHS = ["news"]
PAGE_PATHS = []
STATIC_PATHS = ["images"]
# Profile photos are published only as processed derivatives (no EXIF), never as uploaded.
STATIC_EXCLUDES = ["images/alumni"]
IGNORE_FILES = [".*", "_*"]
DEFAULT_METADATA = {}

PLUGIN_PATHS = []
# Order does not matter: sections join through the content graph (plugins.site), and
# redirects and urls.txt are written on ``finalized``, after every page.
PLUGINS = [
    "plugins.site",  # loads and validates all content once: context["site"]
    "plugins.assets",  # fingerprinted theme files
    "plugins.news",
    "plugins.colleges",
    "plugins.achievements",
    "plugins.donations",
    "plugins.associations",
    "plugins.wechat",
    "plugins.events",  # after colleges, achievements, associations and wechat: it links to them
    "pelican.plugins.sitemap",
    "plugins.urls",
]

# ---- News: categories and URLs (short and stable: WeChat links to them) ----
NEWS = {
    "categories": (
        ("校友会动态", "association"),
        ("校友活动", "events"),
        ("校友大讲堂", "lectures"),
        ("走访交流", "visits"),
        ("校庆", "anniversary"),
        ("合作发展", "cooperation"),
        ("通知公告", "notices"),
    ),
}
ARTICLE_URL = "news/{date:%Y}/{slug}/"
ARTICLE_SAVE_AS = "news/{date:%Y}/{slug}/index.html"
DRAFT_URL = ""
DRAFT_SAVE_AS = ""
CATEGORY_URL = "news/category/{slug}/"
CATEGORY_SAVE_AS = "news/category/{slug}/index.html"
TAG_URL = "news/tag/{slug}/"
TAG_SAVE_AS = "news/tag/{slug}/index.html"
TAGS_URL = "news/tag/"
TAGS_SAVE_AS = "news/tag/index.html"
YEAR_ARCHIVE_URL = "news/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "news/{date:%Y}/index.html"
INDEX_URL = "news/"
INDEX_SAVE_AS = "news/index.html"
HOME_SAVE_AS = "index.html"
HOME_URL = ""
NOT_FOUND_SAVE_AS = "404.html"
ROBOTS_SAVE_AS = "robots.txt"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
PAGE_SAVE_AS = ""
DIRECT_TEMPLATES = ["home", "index", "tags", "not_found", "robots"]

# ---- College columns (学院校友工作专栏) ----
COLLEGES = {"latest_news": 5}  # news per page of /colleges/<id>/news/: PAGINATED_TEMPLATES["college_news"]
COLLEGES_URL = "colleges/"
COLLEGES_SAVE_AS = "colleges/index.html"
COLLEGE_URL = "colleges/{id}/"
COLLEGE_SAVE_AS = "colleges/{id}/index.html"
COLLEGE_NEWS_URL = "colleges/{id}/news/"
COLLEGE_NEWS_SAVE_AS = "colleges/{id}/news/index.html"
COLLEGE_FEED_ATOM = "colleges/{id}/feed.atom.xml"

# ---- Alumni achievements (校友风采) ----
ACHIEVEMENTS = {
    "fields": (
        ("教育", "education"),
        ("科技", "technology"),
        ("企业", "business"),
        ("医疗卫生", "health"),
        ("文化艺术", "culture"),
        ("政府与公共服务", "public-service"),
        ("创新创业", "entrepreneurship"),
        ("其他", "other"),
    ),
    "photo_widths": (320, 640, 1024),
}
ACHIEVEMENTS_URL = "achievements/"
ACHIEVEMENTS_SAVE_AS = "achievements/index.html"
ACHIEVEMENT_URL = "achievements/{slug}/"
ACHIEVEMENT_SAVE_AS = "achievements/{slug}/index.html"
ACHIEVEMENTS_FIELD_URL = "achievements/field/{slug}/"
ACHIEVEMENTS_FIELD_SAVE_AS = "achievements/field/{slug}/index.html"
ACHIEVEMENTS_COLLEGE_URL = "achievements/college/{slug}/"
ACHIEVEMENTS_COLLEGE_SAVE_AS = "achievements/college/{slug}/index.html"
ACHIEVEMENTS_DECADE_URL = "achievements/decade/{slug}/"
ACHIEVEMENTS_DECADE_SAVE_AS = "achievements/decade/{slug}/index.html"
ACHIEVEMENTS_DISTINGUISHED_URL = "achievements/distinguished/"
ACHIEVEMENTS_DISTINGUISHED_SAVE_AS = "achievements/distinguished/index.html"
PHOTOS_URL = "photos"  # processed photos, under the output folder
PHOTO_CACHE_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), ".cache", "photos")

# ---- Donations (校友捐赠) ----
DONATIONS = {
    "tiers": ((100000, "10万元以上"), (10000, "1万元以上"), (0, "其他")),
    "channels": {
        "bank": {
            "name": "潍坊学院教育发展基金会（示例）",
            "bank": "中国银行潍坊奎文支行（示例）",
            "account": "0000 0000 0000 0000 000（示例账号）",
            "remark": "请在汇款附言中注明“校友捐赠 + 项目名称”",
        },
        "online": (
            {"label": "微信扫码捐赠", "image": "images/donate/wechat-pay-sample.png", "alt": "微信捐赠二维码（示例）"},
        ),
        "post": {
            "address": "山东省潍坊市奎文区东风东街5147号 潍坊学院合作发展处",
            "recipient": "校友会秘书处（收）",
            "phone": "0536-8785000（示例号码）",
        },
        "contact": "捐赠咨询：0536-8785000（示例号码），xiaoyou@example.edu.cn",
    },
}
DONATE_INDEX_URL = "donate/"
DONATE_INDEX_SAVE_AS = "donate/index.html"
DONATE_WALL_URL = "donate/wall/"
DONATE_WALL_SAVE_AS = "donate/wall/index.html"
DONATE_STATS_URL = "donate/stats/"
DONATE_STATS_SAVE_AS = "donate/stats/index.html"
DONATION_PROJECT_URL = "donate/projects/{id}/"
DONATION_PROJECT_SAVE_AS = "donate/projects/{id}/index.html"

# ---- Associations (校友会) and honour rolls ----
ASSOCIATIONS = {"extra_awards": ()}
# 审图号: a geographic map of China is drawn only with an approval number; without it the
# national view is a schematic tile grid (see docs/编辑指南.md).
MAP_APPROVAL_NUMBER = ""
ASSOCIATIONS_URL = "associations/"
ASSOCIATIONS_SAVE_AS = "associations/index.html"
ASSOCIATIONS_MAP_URL = "associations/map/"
ASSOCIATIONS_MAP_SAVE_AS = "associations/map/index.html"
ASSOCIATION_URL = "associations/{id}/"
ASSOCIATION_SAVE_AS = "associations/{id}/index.html"
HONOURS_URL = "honours/"
HONOURS_SAVE_AS = "honours/index.html"

# ---- Events and 校友大讲堂: an event is a news article with an `event:` block ----
# "Upcoming" depends on the build date (SITE_TODAY=YYYY-MM-DD overrides it):
# the published site is rebuilt every day (see docs/开发说明.md).
EVENTS = {"series": (("lecture", "校友大讲堂"),)}
EVENTS_URL = "events/"
EVENTS_SAVE_AS = "events/index.html"
EVENTS_YEAR_URL = "events/{year}/"
EVENTS_YEAR_SAVE_AS = "events/{year}/index.html"
EVENTS_SERIES_URL = "events/series/{id}/"
EVENTS_SERIES_SAVE_AS = "events/series/{id}/index.html"
EVENTS_CALENDAR_URL = "events/calendar.ics"
EVENTS_CALENDAR_SAVE_AS = "events/calendar.ics"
EVENTS_SERIES_CALENDAR_URL = "events/series/{id}/calendar.ics"
EVENTS_SERIES_CALENDAR_SAVE_AS = "events/series/{id}/calendar.ics"
EVENT_CALENDAR_URL = "events/{year}/{slug}.ics"
EVENT_CALENDAR_SAVE_AS = "events/{year}/{slug}.ics"

# ---- WeChat (微信公众号) ----
# No JS-SDK and no AppSecret: custom share cards need a server-side signature that a
# static site cannot make honestly; WeChat then uses the page <title> (see docs).
WECHAT = {
    "account_name": "潍坊学院校友会",
    "qr_image": "images/wechat/official-account-sample.png",  # 公众号二维码（示例图片）
    "default_og_image": "images/wechat/og-default.png",  # used when an article has no cover
}
WECHAT_URL = "wechat/"
WECHAT_SAVE_AS = "wechat/index.html"
WECHAT_IMAGES_URL = "wechat/images"
COVERS_URL = "covers"

DEFAULT_PAGINATION = 10
PAGINATED_TEMPLATES = {"index": 10, "category": 10, "tag": 10, "period_archives": 10, "college_news": 10}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# ---- Feeds: Atom and RSS for all news and for each category ----
FEED_DOMAIN = "http://127.0.0.1:8000"  # the preview server; publishconf sets the real one
FEED_ALL_ATOM = "news/feed.atom.xml"
FEED_ALL_RSS = "news/feed.rss.xml"
CATEGORY_FEED_ATOM = "news/category/{slug}/feed.atom.xml"
CATEGORY_FEED_RSS = "news/category/{slug}/feed.rss.xml"
FEED_ATOM = None
FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
RSS_FEED_SUMMARY_ONLY = True
FEED_MAX_ITEMS = 30

SITEMAP = {
    "format": "xml",
    "priorities": {"articles": 0.7, "indexes": 0.5, "pages": 0.5},
    "changefreqs": {"articles": "monthly", "indexes": "daily", "pages": "monthly"},
    "exclude": ["404.html", "robots.txt", "^wechat/"],
}

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.sane_lists": {},
        "markdown.extensions.smarty": {"smart_quotes": False},
    },
    "output_format": "html5",
}

# ---- Navigation: later sections add one line here, no template edits ----
MENU = (
    ("首页", ""),
    ("校友新闻", "news/"),
    ("校友活动", "events/"),
    ("学院专栏", "colleges/"),
    ("校友风采", "achievements/"),
    ("校友会", "associations/"),
    ("荣誉榜", "honours/"),
    ("校友捐赠", "donate/"),
)

# ---- Footer: public contacts only; 备案号 lines are omitted when empty ----
FOOTER = {
    "organisation": "潍坊学院校友会",
    "office": "潍坊学院合作发展处（校友会秘书处）",
    "address": "山东省潍坊市奎文区东风东街5147号",
    "phone": "0536-8785000（示例号码）",
    "email": "xiaoyou@example.edu.cn",
    "icp": "",
    "police": "",
}

RELATIVE_URLS = False
SLUGIFY_SOURCE = "basename"
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
DELETE_OUTPUT_DIRECTORY = False
OUTPUT_PATH = "output"

from plugins.common.dates import format_date_zh  # noqa: E402
from plugins.donations.model import format_yuan  # noqa: E402

JINJA_FILTERS = {"zh_date": format_date_zh, "yuan": format_yuan}

# Every template is autoescaped: content is untrusted.  Our own generated HTML
# (rendered bodies, SVG maps, QR codes, JSON-LD) is marked safe where it is made.
JINJA_ENVIRONMENT = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True}

# ---- Hardening (issue 10): defaults are in plugins/common/{privacy,limits,sanitize}.py ----
# Publishing is stricter: unsafe HTML removed from a body is an error, not a warning.
PUBLISH = False
# Public office numbers and mailboxes that look personal may be listed in "allowed_values".
PRIVACY = {
    "allowed_email_domains": ("wfu.edu.cn", "example.edu.cn", "example.com", "example.org"),
    "allowed_values": (),
}
LIMITS = {}
SANITIZE = {"video_hosts": ()}
