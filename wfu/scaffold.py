"""``invoke new news "标题"``: a correctly placed file with complete front matter.

The slug is computed once here and written into the file, so later edits to
the title never change a URL that WeChat already links to.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from zoneinfo import ZoneInfo

from plugins.common import placeholders
from plugins.common.dates import SITE_TIMEZONE
from plugins.common.errors import ContentError, ContentErrors
from plugins.common.slugs import slugify
from plugins.news.settings import news_config
from plugins.site.sections import route_url

NEWS_TEMPLATE = """---
title: {title_yaml}
date: {date}
category: {category}   # 可选：{categories}
tags: []   # 例如 [校友返校, 计算机工程学院]
slug: {slug}   # 网址名，发布后不要再改
summary:   # 一两句话的摘要，留空则自动取正文第一段
cover:   # 封面图，例如 images/news/{year}/{slug}.jpg
cover_alt:   # 封面图说明文字
author: 校友会秘书处
featured: false
status: draft   # 写完后改为 published
---

{body}

{subheading}

{image_hint}
"""


def ScaffoldError(message: str, path: str = "") -> ContentErrors:  # noqa: N802 - reads like the raise it serves
    """The file could not be created (it exists, or the title gives no slug): the site's one error type."""
    return ContentErrors([ContentError(path or "invoke new", 0, "cannot-create", message)])


def new_news(title: str, settings: dict, now: datetime | None = None) -> tuple[str, str]:
    """Create the Markdown file; return ``(path, future URL)``."""
    title, slug = _title_and_slug(title)
    config = news_config(settings.get("NEWS"))
    now = now or datetime.now(ZoneInfo(SITE_TIMEZONE))
    text = NEWS_TEMPLATE.format(
        title_yaml=json.dumps(title, ensure_ascii=False),
        date=f"{now:%Y-%m-%d %H:%M}",
        category=config.category_names[0],
        categories="、".join(config.category_names),
        slug=slug,
        year=f"{now:%Y}",
        body=placeholders.BODY_NEWS,
        subheading=placeholders.SUBHEADING,
        image_hint=placeholders.image_hint(f"{now:%Y}"),
    )
    path = _create(os.path.join(settings["PATH"], config.folder, f"{now:%Y}", f"{slug}.md"), text)
    url = settings["ARTICLE_URL"].format(date=now, slug=slug)
    return path, f"{settings.get('SITEURL', '')}/{url}"


ACHIEVEMENT_TEMPLATE = """---
title: {title_yaml}
alumnus: {name}   # 须经校友本人同意发布
class_year: {year}   # 毕业年份（届）
college: {college}   # 学院编号，可选：{colleges}
field: {field}   # 可选：{fields}
honours: []   # 例如 [全国优秀教师, 山东省劳动模范]
photo:   # 照片，例如 images/alumni/{slug}.jpg（上传原图即可，网站会去除拍摄地点等信息并压缩）
photo_alt:   # 照片说明，例如 张三在实验室
summary:   # 一两句话的简介，留空则自动取正文第一段
date: {date}
slug: {slug}   # 网址名，发布后不要再改
distinguished: false   # true 表示杰出校友
status: draft   # 写完并经本人确认后改为 published
---

{body}

## 成长经历

## 寄语学弟学妹
"""

COLLEGE_TEMPLATE = """---
name:   # 学院全称，例如 计算机工程学院（必填，填写前检查会提示缺少名称）
short_name:   # 学院简称，例如 计算机学院
id: {id}   # 与文件名相同，发布后不要再改
order: {order}   # 在学院列表中的顺序
liaison:
  title: {office}   # 校友工作联络单位
  phone:   # 办公电话，例如 0536-8785000（不要填手机号）
  email: {id}@example.edu.cn   # 单位公共邮箱（不要填个人邮箱）
website:   # 学院网站，例如 https://{id}.wfu.edu.cn/
status: draft   # 写完并核对联系方式后改为 published
---

{body}
"""


def new_achievement(title: str, settings: dict, now: datetime | None = None) -> tuple[str, str]:
    """Create ``content/achievements/<slug>.md``; return ``(path, future URL)``."""
    from plugins.achievements.settings import achievements_config

    title, slug = _title_and_slug(title)
    config = achievements_config(settings.get("ACHIEVEMENTS"))
    now = now or datetime.now(ZoneInfo(SITE_TIMEZONE))
    colleges = _college_ids(settings)
    text = ACHIEVEMENT_TEMPLATE.format(
        title_yaml=json.dumps(title, ensure_ascii=False),
        year=now.year - 10,
        college=colleges[0] if colleges else "cs",
        colleges="、".join(colleges) or "（请先建立学院文件）",
        field=config.field_names[0],
        fields="、".join(config.field_names),
        date=f"{now:%Y-%m-%d}",
        slug=slug,
        name=placeholders.NAME,
        body=placeholders.BODY_ACHIEVEMENT,
    )
    path = _create(os.path.join(settings["PATH"], config.folder, f"{slug}.md"), text)
    return path, f"{settings.get('SITEURL', '')}/{route_url(settings, 'ACHIEVEMENT', slug=slug)}"


def new_college(college_id: str, settings: dict) -> tuple[str, str]:
    """Create ``content/colleges/<id>.md``; return ``(path, future URL)``."""
    from plugins.colleges.settings import colleges_config
    from plugins.common.fields import ID_RE

    college_id = college_id.strip()
    if not ID_RE.match(college_id):
        raise ScaffoldError(f"学院编号“{college_id}”无效：请用小写英文、数字和连字符，例如 cs 或 econ")
    config = colleges_config(settings.get("COLLEGES"))
    text = COLLEGE_TEMPLATE.format(
        id=college_id,
        order=len(_college_ids(settings)) + 1,
        office=placeholders.OFFICE,
        body=placeholders.BODY_COLLEGE,
    )
    path = _create(os.path.join(settings["PATH"], config.folder, f"{college_id}.md"), text)
    return path, f"{settings.get('SITEURL', '')}/{route_url(settings, 'COLLEGE', id=college_id)}"


EVENT_TEMPLATE = """---
title: {title_yaml}
date: {date}
category: {category}   # 可选：{categories}
tags: [活动预告]
slug: {slug}   # 网址名，发布后不要再改
summary:   # 一两句话的摘要，留空则自动取正文第一段
author: 校友会秘书处
status: draft   # 写完后改为 published
event:   # 活动信息：每一项的含义见 docs/编辑指南.md“活动”一节
  start: {start} 15:00   # 开始时间（北京时间）；全天活动只写日期，例如 {start}
  end: {start} 17:00   # 结束时间，可省略；全天活动也只写日期
  venue: {venue}   # 线下场地，例如 图书馆报告厅；纯线上活动删去这一行，写 online
  # address: 山东省潍坊市奎文区东风东街5147号   # 公开场所的地址，不要写个人住址
  # online: https://   # 线上参加的网址（必须以 https:// 开头）
  # register: https://   # 报名网址（必须以 https:// 开头，读者无需注册账号）
  # register_deadline: {start} 12:00   # 报名截止时间，不能晚于开始时间
  # capacity: 200人   # 名额说明
  # organiser: {organiser}   # 主办单位：校友会或学院编号
  # series: {series}   # 系列活动：{series_list}
  # number: {number}   # 第几讲（同一系列不能重复）
  # speakers:   # 主讲人：姓名，或带届别、学院、职务和校友风采网址名
  #   - name: {name}
  #     class_year: 2006
  #     college: cs
  #     title: {position}
  #     achievement: ai-platform-founder
  status: scheduled   # scheduled（按期举行）、postponed（延期）或 cancelled（取消）
  # report: {year}/活动报道的网址名   # 活动结束后，报道文章的网址名
---

{body}
"""


def new_event(title: str, settings: dict, now: datetime | None = None) -> tuple[str, str]:
    """Create a news article with an ``event:`` block; return ``(path, future URL)``.

    The block starts valid (a draft two weeks ahead); optional fields are
    written as comments so editors see every one of them.
    """
    from datetime import timedelta

    from plugins.events.settings import events_config

    title, slug = _title_and_slug(title)
    config = news_config(settings.get("NEWS"))
    events = events_config(settings.get("EVENTS"))
    now = now or datetime.now(ZoneInfo(SITE_TIMEZONE))
    series = events.series_ids[0] if events.series_ids else "lecture"
    site = _site(settings)
    blocks = [a.meta.event for a in site.news if a.meta.event] if site else []
    numbers = [b.number for b in blocks if b.series == series and b.number]
    category = "校友活动" if "校友活动" in config.category_names else config.category_names[0]
    text = EVENT_TEMPLATE.format(
        title_yaml=json.dumps(title, ensure_ascii=False),
        date=f"{now:%Y-%m-%d %H:%M}",
        category=category,
        categories="、".join(config.category_names),
        slug=slug,
        start=f"{now + timedelta(days=14):%Y-%m-%d}",
        organiser="wfu",
        series=series,
        series_list="、".join(f"{sid}（{name}）" for sid, name in events.series) or "（未配置）",
        number=max(numbers, default=0) + 1,
        year=f"{now:%Y}",
        venue=placeholders.VENUE,
        name=placeholders.NAME,
        position=placeholders.POSITION,
        body=placeholders.BODY_EVENT,
    )
    path = _create(os.path.join(settings["PATH"], config.folder, f"{now:%Y}", f"{slug}.md"), text)
    url = settings["ARTICLE_URL"].format(date=now, slug=slug)
    return path, f"{settings.get('SITEURL', '')}/{url}"


def _college_ids(settings: dict) -> list[str]:
    site = _site(settings)
    return sorted(site.colleges) if site else []


def _site(settings: dict):
    """The content graph as it is now (``None`` if the settings are wrong)."""
    from plugins.site.loader import load_site

    return load_site(settings)[0]


def _create(path: str, text: str) -> str:
    if os.path.exists(path):
        raise ScaffoldError(f"文件已存在：{path}，请换一个名称或直接编辑该文件")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "x", encoding="utf-8") as handle:
        handle.write(text)
    return path


def _title_and_slug(title: str) -> tuple[str, str]:
    title = title.strip()
    slug = slugify(title)
    if not title or not slug:
        raise ScaffoldError("标题不能为空，且至少要包含汉字、字母或数字")
    return title, slug


ENTERPRISE_TEMPLATE = """---
name:   # 企业全称（必填）
founders:   # 创始校友，可以写多位；只写公开信息
  - name: {name}   # 须经校友本人同意公开
    class_year: {year}   # 毕业年份（届）
    college: {college}   # 学院编号，可选：{colleges}
    consent: false   # 确认校友本人同意公开姓名后改为 true
industry: {industry}   # 可选：{industries}
city: 潍坊市   # 地级市全称，例如 青岛市、北京市
website:   # 企业网站，例如 https://www.example.com/
logo:   # 企业标志图片，例如 images/enterprises/{id}.png（网站会去除图片信息并压缩）
logo_alt:   # 标志说明，例如 某某公司标志
summary:   # 主营业务：一两句话介绍产品或服务（必填）
cooperation: []   # 与学校的合作，见编辑指南；例如 换行后 - type: 实习基地 / text: 接收学生实习
status: draft   # 写完并经校友确认后改为 published
---

{body}
"""

JOB_TEMPLATE = """---
enterprise: {enterprise}   # 企业编号，可选：{enterprises}
title: {title_yaml}
city:   # 工作城市，留空则为企业所在城市
positions: 1   # 招聘人数
requirements: []   # 任职要求，例如 [本科及以上学历, 熟悉 Java]
apply_url:   # 企业招聘网址，例如 https://www.example.com/jobs/
apply_email:   # 或企业人事部门的公共邮箱（不能写个人邮箱或手机号）
published: {today}
expires: {expires}   # 截止日期：过期后自动从列表撤下，页面保留并显示“已截止”
status: draft   # 核实后改为 published
---

{body}
"""


def new_enterprise(enterprise_id: str, settings: dict, now: datetime | None = None) -> tuple[str, str]:
    """Create ``content/enterprises/<id>.md``; return ``(path, future URL)``."""
    from plugins.common.fields import ID_RE
    from plugins.enterprises.settings import enterprises_config

    enterprise_id = enterprise_id.strip()
    if not ID_RE.match(enterprise_id):
        raise ScaffoldError(
            f"企业编号“{enterprise_id}”无效：请用小写英文、数字和连字符，例如 yunzhi 或 weifang-seed"
        )
    config = enterprises_config(settings.get("ENTERPRISES"))
    now = now or datetime.now(ZoneInfo(SITE_TIMEZONE))
    colleges = _college_ids(settings)
    text = ENTERPRISE_TEMPLATE.format(
        id=enterprise_id,
        year=now.year - 10,
        college=colleges[0] if colleges else "cs",
        colleges="、".join(colleges) or "（请先建立学院文件）",
        industry=config.industry_names[0],
        industries="、".join(config.industry_names),
        name=placeholders.NAME,
        body=placeholders.BODY_ENTERPRISE,
    )
    path = _create(os.path.join(settings["PATH"], config.folder, f"{enterprise_id}.md"), text)
    return path, f"{settings.get('SITEURL', '')}/{route_url(settings, 'ENTERPRISE', id=enterprise_id)}"


def new_job(title: str, settings: dict, now: datetime | None = None) -> tuple[str, str]:
    """Create ``content/jobs/<slug>-<year>.md``; return ``(path, future URL)``."""
    from datetime import timedelta

    from plugins.enterprises.model import enterprise_ids
    from plugins.enterprises.settings import enterprises_config

    title, slug = _title_and_slug(title)
    config = enterprises_config(settings.get("ENTERPRISES"))
    now = now or datetime.now(ZoneInfo(SITE_TIMEZONE))
    known = sorted(enterprise_ids(settings["PATH"], config) or {})
    job_id = f"{slug}-{now:%Y}"[:60].strip("-")
    text = JOB_TEMPLATE.format(
        enterprise=known[0] if known else "",
        enterprises="、".join(known) or "（请先建立企业文件：invoke new enterprise 编号）",
        title_yaml=json.dumps(title, ensure_ascii=False),
        today=f"{now:%Y-%m-%d}",
        expires=f"{now + timedelta(days=60):%Y-%m-%d}",
        body=placeholders.BODY_JOB,
    )
    path = _create(os.path.join(settings["PATH"], config.jobs_folder, f"{job_id}.md"), text)
    return path, f"{settings.get('SITEURL', '')}/{route_url(settings, 'JOB', id=job_id)}"
