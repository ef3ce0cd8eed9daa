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
# The site's public address. Development builds link pages relatively, but what leaves the
# computer uses this address: the WeChat exports (阅读原文, images, covers, copy buttons) and the
# article QR codes (a QR code of 127.0.0.1 opens nothing on a phone). publishconf.py publishes here.
SITE_PUBLIC_URL = "https://xiaoyou.wfu.edu.cn"
# publishconf.py sets True: the publish guard then refuses sample content and empty 备案 numbers
# (SITE_STAGING=1 in the environment allows a staging copy: noindex and a 测试版 banner).
PUBLISH = False
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh-CN"
LOCALE = ("C.UTF-8", "C")

PATH = "content"
THEME = "theme"
ARTICLE_PATHS = ["news"]
PAGE_PATHS = []  # standing pages (content/pages/) are a registered section: plugins.standing_pages
STATIC_PATHS = ["images"]
# Profile, object and memory photos and enterprise logos are published only as processed derivatives (no EXIF).
STATIC_EXCLUDES = [
    "images/alumni",
    "images/enterprises",
    "images/gifts",
    "images/memories",
    "images/magazine",
]
IGNORE_FILES = [".*", "_*"]
DEFAULT_METADATA = {}

PLUGIN_PATHS = []
# Order does not matter: sections join through the content graph (plugins.site), and
# redirects and urls.txt are written on ``finalized``, after every page.
PLUGINS = [
    "plugins.site",  # loads and validates all content once: context["build"]
    "plugins.assets",  # fingerprinted theme files
    "plugins.identity",  # SITE_IDENTITY: emblem, palette, hero photo: views.identity
    "plugins.news",
    "plugins.cms",  # /admin/: the web editor, its configuration generated from the schema
    "pelican.plugins.sitemap",
    "plugins.urls",
]

# ---- Identity: what makes the site look like the university (docs/编辑指南.md) ----
# The sample emblem and photograph are our own drawings (tools/make_identity_assets.py);
# publishing refuses the placeholder emblem and every 示例 text.
SITE_IDENTITY = {
    "english_name": "Weifang University Alumni Association",
    "motto": "校训（示例）",
    "emblem": "images/identity/emblem-placeholder.svg",
    "emblem_alt": "潍坊学院校友会标志（占位图）",
    "hero_image": "images/identity/campus-sample.jpg",
    "hero_alt": "校园清晨：教学楼与钟楼（示例图片）",
    "university_name": "潍坊学院",
    "university_url": "https://www.wfu.edu.cn/",
    "brand": "#0b4a82",
    "accent": "#a61d24",
}

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
# The 撤稿 notice (status: withdrawn): also copied to each withdrawn article's URL; nginx answers 410 Gone.
WITHDRAWN_SAVE_AS = "410.html"
ROBOTS_SAVE_AS = "robots.txt"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
# Standing pages (校友会简介、章程 …): stable URLs, linked from WeChat menus (plugins.standing_pages;
# set here because Pelican's own default PAGE_URL would otherwise apply).
PAGE_URL = "about/{slug}/"
PAGE_SAVE_AS = "about/{slug}/index.html"
ABOUT_URL = "about/"
ABOUT_SAVE_AS = "about/index.html"
DIRECT_TEMPLATES = ["home", "index", "tags", "not_found", "withdrawn", "robots", "search"]

# ---- College columns (学院校友工作专栏) ----
# A registered section (plugins/colleges/section.py): its addresses (COLLEGES, COLLEGE, COLLEGE_NEWS,
# COLLEGE_FEED) are route defaults there.
COLLEGES = {"latest_news": 5}  # news per page of /colleges/<id>/news/: PAGINATED_TEMPLATES["college_news"]

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
PHOTOS_URL = "photos"  # processed photos, under the output folder
PHOTO_CACHE_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), ".cache", "photos")

# ---- Donations (校友捐赠) ----
DONATIONS = {
    "tiers": ((100000, "10万元及以上"), (10000, "1万元至10万元"), (0, "1万元以下")),
    "channels": {
        "bank": {
            "name": "潍坊学院教育发展基金会（示例）",
            "bank": "中国银行潍坊奎文支行（示例）",
            "account": "0000 0000 0000 0000 000（示例账号）",
            "remark": "请在汇款附言中注明“校友捐赠 + 项目名称”",
        },
        # The foundation's official collection codes (收款码): images under content/images/.
        "online": (
            {
                "label": "微信支付",
                "image": "images/donate/wechat-pay-sample.png",
                "alt": "潍坊学院教育发展基金会微信收款码（示例）",
                "hint": "在微信中长按识别二维码，或用微信“扫一扫”",
            },
            {
                "label": "支付宝",
                "image": "images/donate/alipay-sample.png",
                "alt": "潍坊学院教育发展基金会支付宝收款码（示例）",
                "hint": "用支付宝“扫一扫”，或保存图片后在支付宝中识别",
            },
        ),
        "post": {
            "address": "山东省潍坊市奎文区东风东街5147号 潍坊学院合作发展处",
            "recipient": "校友会秘书处（收）",
            "phone": "0536-8785000（示例号码）",
        },
        "contact": "捐赠咨询：0536-8785000（示例号码），xiaoyou@example.edu.cn",
    },
    "preset_amounts": (100, 500, 1000, 5000),
    "after_giving": {
        "receipt": "基金会确认到账后，在 15 个工作日内开具公益事业捐赠票据。",
        "certificate": "需要捐赠证书或纸质票据，请把付款截图、姓名、届别和邮寄地址发送到捐赠咨询邮箱。",
        "contact": "捐赠咨询：0536-8785000（示例号码），xiaoyou@example.edu.cn",
    },
}

# ---- Associations (校友会) and honour rolls ----
ASSOCIATIONS = {"extra_awards": ()}
# 审图号: a geographic map of China is drawn only with an approval number; without it the
# national view is a schematic tile grid (see docs/编辑指南.md).
MAP_APPROVAL_NUMBER = ""
# 审图号 of the Shandong map (e.g. 鲁SG（2026）000号): without it the cities are drawn as a schematic
# of equal tiles, with no administrative boundaries (see docs/编辑指南.md).
PROVINCE_MAP_APPROVAL_NUMBER = ""

# ---- Events and 校友大讲堂: an event is a news article with an `event:` block ----
# "Upcoming" depends on the build date (SITE_TODAY=YYYY-MM-DD overrides it):
# the published site is rebuilt every day (see docs/开发说明.md).
EVENTS = {"series": (("lecture", "校友大讲堂"),)}
# ---- Alumni enterprises (校友企业) and jobs (校友企业招聘) ----
ENTERPRISES = {
    "industries": (
        ("信息技术", "it"),
        ("智能制造", "manufacturing"),
        ("现代农业", "agriculture"),
        ("教育培训", "education"),
        ("文化创意", "culture"),
        ("医药健康", "health"),
        ("商贸物流", "trade"),
        ("其他", "other"),
    ),
    "logo_widths": (160, 320),
    "season": {
        "title": "2026年校友企业招聘季（示例）",
        "intro": "每年秋季，校友会联合校友企业为在校生和毕业校友集中发布招聘岗位。以下为本届招聘季发布的全部岗位。",
        "start": "2026-09-01",
        "end": "2026-12-31",
    },
}
JOBS_FEED_ATOM = "jobs/feed.atom.xml"

# ---- 校友之家: donated objects and alumni memories ----
ALUMNI_HOME = {"photo_widths": (320, 640, 1024)}

# ---- Standing pages (校友会简介、章程、组织机构、联系我们、信息登记、终身学习) ----
STANDING_PAGES = {
    # The university's secure form; this static site collects no personal data itself.
    "register_form": {
        "url": "https://xiaoyou.wfu.edu.cn/register/",
        "label": "潍坊学院校友信息登记表（示例地址）",
    },
    "programmes": (
        {
            "name": "校友继续教育（示例）",
            "provider": "潍坊学院继续教育学院",
            "url": "https://www.wfu.edu.cn/",
            "summary": "学历继续教育与职业资格培训，校友报名享受学费优惠。",
        },
        {
            "name": "校友大讲堂回放（示例）",
            "provider": "潍坊学院校友会",
            "url": "https://www.wfu.edu.cn/",
            "summary": "历期校友大讲堂的视频回放与讲义。",
        },
        {
            "name": "图书馆校友借阅（示例）",
            "provider": "潍坊学院图书馆",
            "url": "https://www.wfu.edu.cn/",
            "summary": "校友凭校友卡可入馆阅览，并远程使用部分电子资源。",
        },
    ),
    "contact": {
        "wechat_qr": "images/wechat/official-account-sample.png",
        "map_url": "https://uri.amap.com/search?keyword=%E6%BD%8D%E5%9D%8A%E5%AD%A6%E9%99%A2",
        "map_label": "在高德地图上查看潍坊学院位置",
    },
}

# ---- 校友服务: the entry grid on the home page and /services/ ----
# id -> link: the university's secure form (https:// only) or a page of this site ("jobs/").
# An entry without a link is not shown. Ids: register visit card mail certificate learning jobs.
ALUMNI_SERVICES = {
    "links": {
        "register": "about/register/",
        "visit": "https://xiaoyou.wfu.edu.cn/visit/",  # 示例地址
        "card": "https://xiaoyou.wfu.edu.cn/card/",  # 示例地址
        "mail": "https://mail.wfu.edu.cn/alumni/",  # 示例地址
        "certificate": "https://xiaoyou.wfu.edu.cn/certificate/",  # 示例地址
        "learning": "about/learning/",
        "jobs": "jobs/",
    },
}

# Registered sections (plugins/site/sections.py: colleges, 校友风采, donations, enterprises and jobs, 校友之家,
# 校友服务, about, albums, magazine, associations and honour rolls) keep their page addresses'
# defaults in their own section.py; set <NAME>_URL / <NAME>_SAVE_AS here to move a page.

# ---- About the association: 会长致辞, 大事记, official accounts in the footer ----
# Content: content/about/message.md and content/data/milestones.yml (docs/编辑指南.md).
ABOUT_ASSOCIATION = {
    "accounts": (
        {
            "name": "微信公众号",
            "image": "images/wechat/official-account-sample.png",
            "alt": "潍坊学院校友会微信公众号二维码（示例）",
        },
        {
            "name": "视频号",
            "image": "images/wechat/channels-sample.png",
            "alt": "潍坊学院校友会视频号二维码（示例）",
        },
        {
            "name": "微博",
            "image": "images/wechat/weibo-sample.png",
            "alt": "潍坊学院校友会官方微博二维码（示例）",
        },
    ),
}

# ---- 校友影像: photo albums (content/albums/<id>.yml) ----
ALBUMS = {}  # keys and defaults: plugins/albums/settings.py DEFAULTS

# ---- 校友刊物: content/magazine/<id>.yml, PDFs in content/files/magazine/ ----
MAGAZINE = {"name": "《潍院校友》"}  # keys and defaults: plugins/magazine/settings.py DEFAULTS

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

# ---- Search (站内搜索): Pagefind's extended build indexes the built site (wfu/search.py) ----
# A page is searchable only if its template marks the content with data-pagefind-body.
SEARCH = {}  # keys and defaults: wfu/search.py DEFAULTS
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
PAGEFIND_URL = "pagefind/"  # the index bundle, written by Pagefind after Pelican
PAGEFIND_SAVE_AS = "pagefind"

# ---- Data API for the WeChat mini-program (docs/数据接口.md): versioned static JSON ----
# Not pages: no sitemap, no search index. Locked in urls.lock except news/page/<n>.json.
API = {"page_size": 20}  # keys and defaults: plugins/api/settings.py DEFAULTS
API_PAGE_URL = "api/v1/"  # an HTML page listing the documents below
API_PAGE_SAVE_AS = "api/v1/index.html"
API_INDEX_URL = "api/v1/index.json"
API_INDEX_SAVE_AS = "api/v1/index.json"
API_NEWS_URL = "api/v1/news/index.json"
API_NEWS_SAVE_AS = "api/v1/news/index.json"
API_NEWS_PAGE_URL = "api/v1/news/page/{number}.json"
API_NEWS_PAGE_SAVE_AS = "api/v1/news/page/{number}.json"
API_NEWS_ARTICLE_URL = "api/v1/news/{year}/{slug}.json"
API_NEWS_ARTICLE_SAVE_AS = "api/v1/news/{year}/{slug}.json"
API_EVENTS_URL = "api/v1/events.json"
API_EVENTS_SAVE_AS = "api/v1/events.json"
API_COLLEGES_URL = "api/v1/colleges.json"
API_COLLEGES_SAVE_AS = "api/v1/colleges.json"
API_ASSOCIATIONS_URL = "api/v1/associations.json"
API_ASSOCIATIONS_SAVE_AS = "api/v1/associations.json"
API_ACHIEVEMENTS_URL = "api/v1/achievements.json"
API_ACHIEVEMENTS_SAVE_AS = "api/v1/achievements.json"
API_DONATION_PROJECTS_URL = "api/v1/donations/projects.json"
API_DONATION_PROJECTS_SAVE_AS = "api/v1/donations/projects.json"
API_JOBS_URL = "api/v1/jobs.json"
API_JOBS_SAVE_AS = "api/v1/jobs.json"

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
    "exclude": ["404.html", "410.html", "robots.txt", "^wechat/", "^search/", "^api/", "^admin/"],
}

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.sane_lists": {},
        "markdown.extensions.smarty": {"smart_quotes": False},
    },
    "output_format": "html5",
}

# ---- Web editor /admin/ (plugins/cms; docs/开发说明.md "网页编辑器") ----
# Here the local backend of `invoke cms` (decap-server on 127.0.0.1); publishconf.py names
# the university's Gitea or GitLab.  CMS_LOCAL_PORT moves the local backend (tests use a free port).
CMS = {"local_port": int(os.environ.get("CMS_LOCAL_PORT") or 8081)}

# ---- Navigation: later sections add one line here, no template edits ----
MENU = (
    ("首页", ""),
    ("校友新闻", "news/"),
    ("校友活动", "events/"),
    ("校友服务", "services/"),
    ("学院专栏", "colleges/"),
    ("校友风采", "achievements/"),
    ("校友会", "associations/"),
    ("荣誉榜", "honours/"),
    ("校友捐赠", "donate/"),
    ("校友企业", "enterprises/"),
    ("招聘", "jobs/"),
    ("校友之家", "alumni-home/"),
    ("校友影像", "albums/"),
    ("校友刊物", "magazine/"),
    ("关于", "about/"),
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
# PUBLISH (declared above) also makes unsafe HTML removed from a body an error, not a warning.
# Public office numbers and mailboxes that look personal may be listed in "allowed_values".
PRIVACY = {
    "allowed_email_domains": ("wfu.edu.cn", "example.edu.cn", "example.com", "example.org"),
    "allowed_values": (),
}
LIMITS = {}
SANITIZE = {"video_hosts": ()}
