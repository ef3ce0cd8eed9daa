"""What an editor sees for every field of every content type: one registry.

The web editor's configuration (``wfu/cms.py``) is generated from this table,
never written by hand, and ``tests/unit/test_cms_config.py`` fails when a field
exists in a section's model (its ``FIELDS`` tuple, which the loader and
``invoke check`` enforce) but not here, or the other way round.  The labels and
help texts are the words the editor guide uses; the rules (required, patterns,
ranges, choices) are the ones the models check, so the form refuses what
``invoke check`` would refuse and never asks for what the build then rejects.

Pure data: no Pelican import.  ``choices`` names a source the generator fills
from the settings and the content graph (``categories``, ``colleges`` …);
``folder`` is the image folder under ``content/`` a section expects.
"""

from __future__ import annotations

from dataclasses import dataclass

from .slugs import MAX_SLUG_LENGTH

SLUG_PATTERN = rf"^(?=.{{1,{MAX_SLUG_LENGTH}}}$)[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_PATTERN = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
HTTPS_PATTERN = r"^https://\S+$"
WEB_PATTERN = r"^https?://\S+$"
YEAR_MIN = 1950  # the oldest 届 the models accept
YEAR_MAX = 2100


@dataclass(frozen=True)
class Field:
    """One field as the editor meets it.

    ``kind``: string, text (several lines), markdown, date, datetime, select,
    boolean, number, image, strings (a list of short texts), object, objects
    (a list of objects).  ``pattern`` is a regular expression with the message
    shown when it does not match.
    """

    name: str
    label: str
    hint: str = ""
    kind: str = "string"
    required: bool = False
    choices: str | None = None
    pattern: tuple[str, str] | None = None
    minimum: int | None = None
    maximum: int | None = None
    default: object = None
    fields: tuple[Field, ...] = ()
    folder: str | None = None  # images: under content/


@dataclass(frozen=True)
class ContentType:
    """A collection: the files of one section and their fields."""

    name: str
    label: str
    label_singular: str
    folder: str  # under content/
    fields: tuple[Field, ...]
    file_name: str  # the field whose value is the file name (the pinyin slug or the id)
    subfolder_by_year: bool = False  # news: content/news/<year>/<slug>.md, as invoke new writes them
    summary: str = "{{title}}"
    body_label: str = "正文"
    body_hint: str = ""
    media_folder: str = "images"  # under content/: where body images go


SLUG_MESSAGE = f"只能用小写字母、数字和连字符 -，不超过 {MAX_SLUG_LENGTH} 个字符，例如 xiao-you-fan-xiao"
ID_MESSAGE = "只能用小写英文字母、数字和连字符，例如 cs 或 weifang-seed"


SLUG_HINT = (
    "标题的拼音，用连字符连接，例如 xiao-you-fan-xiao；文件名和网址都用它，发布后不要再改。"
    "新建时必填；已有文章不填则自动沿用网站现在的网址名"
)


def _slug(hint: str = SLUG_HINT, required: bool = False) -> Field:
    """Optional where the model derives it from the title (the editor page fills it in on save)."""
    return Field("slug", "网址名", hint, required=required, pattern=(SLUG_PATTERN, SLUG_MESSAGE))


def _id(label: str, hint: str) -> Field:
    """The file name; optional in the file (the build takes the file name), so in the form too."""
    return Field("id", label, f"{hint}。新建时必填", pattern=(ID_PATTERN, ID_MESSAGE))


def _status(hint: str = "草稿不会发布；写完并核实后改为“发布”", choices: str = "statuses") -> Field:
    # Not required: a file without it is published (the model's default); a new one starts as a draft.
    return Field("status", "状态", hint, kind="select", choices=choices, default="draft")


def _class_year(required: bool = False) -> Field:
    return Field(
        "class_year",
        "届别",
        "毕业年份，例如 2008",
        kind="number",
        required=required,
        minimum=YEAR_MIN,
        maximum=YEAR_MAX,
    )


def _college(required: bool = False, hint: str = "所属学院") -> Field:
    return Field("college", "学院", hint, kind="select", required=required, choices="colleges")


def _image(name: str, label: str, folder: str, hint: str) -> Field:
    return Field(name, label, hint, kind="image", folder=folder)


def _alt(name: str, label: str = "图片说明") -> Field:
    return Field(name, label, "一句话说明图片内容，给看不到图片的读者，例如 校友在图书馆前合影")


EVENT_FIELDS = (
    Field("start", "开始时间", "北京时间；全天活动只写日期", kind="datetime", required=True),
    Field("end", "结束时间", "可不填；不能早于开始时间", kind="datetime"),
    Field("venue", "地点", "线下场地，例如 图书馆报告厅；纯线上活动不填，改填线上网址"),
    Field("address", "地址", "公开场所的地址，不要写个人住址"),
    Field(
        "online", "线上参加网址", "必须以 https:// 开头", pattern=(HTTPS_PATTERN, "网址必须以 https:// 开头")
    ),
    Field(
        "register",
        "报名网址",
        "必须以 https:// 开头，读者无需注册账号",
        pattern=(HTTPS_PATTERN, "网址必须以 https:// 开头"),
    ),
    Field("register_deadline", "报名截止时间", "不能晚于开始时间；填了它就要填报名网址", kind="datetime"),
    Field("capacity", "名额", "名额说明，例如 200人"),
    Field("organiser", "主办单位", "校友会或学院", kind="select", choices="organisers"),
    Field("series", "系列活动", "属于哪个系列，例如 校友大讲堂", kind="select", choices="series"),
    Field("number", "第几讲", "同一系列不能重复", kind="number", minimum=1),
    Field(
        "speakers",
        "主讲人",
        "姓名必填；届别、学院、职务和校友风采可不填",
        kind="objects",
        fields=(
            Field("name", "姓名", required=True),
            _class_year(),
            _college(),
            Field("title", "职务", "例如 某某公司总经理"),
            Field(
                "achievement", "校友风采", "主讲人在“校友风采”中的介绍", kind="select", choices="achievements"
            ),
        ),
    ),
    Field(
        "status",
        "活动状态",
        "按期举行、延期或取消；不填即按期举行",
        kind="select",
        choices="event_statuses",
    ),
    Field("report", "活动报道", "活动结束后，报道文章的网址名，例如 2026/xiao-you-da-jiang-tang-bao-dao"),
)

NEWS_FIELDS = (
    Field("title", "标题", "文章标题", required=True),
    Field("date", "日期", "发布日期和时间（北京时间）", kind="datetime", required=True),
    Field("category", "栏目", "文章属于哪个栏目", kind="select", required=True, choices="categories"),
    Field("tags", "标签", "每个标签一项，例如 校友返校", kind="strings"),
    _slug(),
    Field("summary", "摘要", "一两句话；不填则自动取正文第一段", kind="text"),
    _image("cover", "封面图", "images/news", "上传原图即可：网站会去除拍摄地点等信息并压缩"),
    _alt("cover_alt", "封面图说明"),
    Field(
        "cover_focus",
        "封面裁剪位置",
        "[横向, 纵向]，0 到 1 之间的小数，例如 [0.5, 0.3] 表示居中偏上",
        kind="numbers",
    ),
    Field("author", "作者", "例如 校友会秘书处"),
    _college(hint="文章属于哪个学院的专栏（可不填）"),
    Field("association", "校友会", "文章属于哪个校友会（可不填）", kind="select", choices="associations"),
    Field("featured", "首页推荐", "打开后在首页“要闻”中显示", kind="boolean", default=False),
    _status(
        "草稿不会发布；写完并核实后改为“发布”。已发布的文章要撤下时改为“撤稿”，不要删除文件（网址保留，显示撤稿说明）",
        choices="news_statuses",
    ),
    Field(
        "event",
        "活动信息",
        "这篇文章是活动预告时填写：开始时间、地点或线上网址、报名方式",
        kind="object",
        fields=EVENT_FIELDS,
    ),
)

ACHIEVEMENT_FIELDS = (
    Field("title", "标题", "一句话概括校友事迹，例如 扎根乡村三十年的特级教师", required=True),
    Field("alumnus", "校友姓名", "须经校友本人同意发布", required=True),
    _class_year(required=True),
    _college(required=True),
    Field("field", "领域", "校友所在领域", kind="select", required=True, choices="achievement_fields"),
    Field("honours", "荣誉", "每项荣誉一项，例如 全国优秀教师", kind="strings"),
    _image("photo", "照片", "images/alumni", "上传原图即可：网站会去除拍摄地点等信息并压缩"),
    _alt("photo_alt", "照片说明"),
    Field("summary", "简介", "一两句话；不填则自动取正文第一段", kind="text"),
    Field("date", "日期", "发布日期", kind="date"),
    _slug(),
    Field("distinguished", "杰出校友", "打开表示杰出校友", kind="boolean", default=False),
    _status("写完并经本人确认后改为“发布”"),
)

COLLEGE_FIELDS = (
    Field("name", "学院全称", "例如 计算机工程学院", required=True),
    Field("short_name", "学院简称", "例如 计算机学院"),
    _id("学院编号", "与文件名相同，小写英文，例如 cs；发布后不要再改"),
    Field("order", "顺序", "在学院列表中的顺序，0 或正整数", kind="number", minimum=0),
    Field(
        "liaison",
        "校友工作联络",
        "只写单位办公电话和公共邮箱，不要写手机号或个人邮箱",
        kind="object",
        fields=(
            Field("title", "联络单位", "例如 学院办公室", required=True),
            Field("phone", "办公电话", "例如 0536-8785000（不要填手机号）"),
            Field("email", "公共邮箱", "单位公共邮箱（不要填个人邮箱）"),
        ),
    ),
    Field("association", "学院校友会", "本学院的校友分会", kind="select", choices="associations"),
    _image("logo", "院徽", "images/colleges", "学院标志图片"),
    Field(
        "website",
        "学院网站",
        "例如 https://cs.wfu.edu.cn/",
        pattern=(WEB_PATTERN, "网址必须以 https:// 或 http:// 开头"),
    ),
    _status("写完并核实后改为“发布”；草稿学院没有页面"),
)

PROJECT_FIELDS = (
    _id("项目编号", "与文件名相同，小写英文，例如 library；发布后不要再改"),
    Field("name", "项目名称", "例如 图书馆建设基金", required=True),
    Field("level", "项目级别", "校级或院级", kind="select", required=True, choices="project_levels"),
    _college(hint="院级项目必填"),
    Field("target", "目标金额（元）", "不填表示不设目标", kind="number", minimum=0),
    Field("start", "开始日期", "", kind="date", required=True),
    Field("end", "结束日期", "可不填", kind="date"),
    Field("status", "项目状态", "进行中或已结束", kind="select", choices="project_statuses", default="open"),
    _image("cover", "封面图", "images/donate", "上传原图即可：网站会去除拍摄地点等信息并压缩"),
    _alt("cover_alt", "封面图说明"),
    Field("summary", "简介", "一两句话介绍项目", kind="text"),
    Field(
        "amounts",
        "建议金额（元）",
        "手机捐赠时列出的几档金额，整数，例如 [100, 500, 1000]；不填用网站的默认金额",
        kind="numbers",
    ),
)

ENTERPRISE_FIELDS = (
    _id("企业编号", "与文件名相同，小写英文或拼音，例如 yunzhi；发布后不要再改"),
    Field("name", "企业全称", "", required=True),
    Field(
        "founders",
        "创始校友",
        "可以写多位；只写公开信息",
        kind="objects",
        required=True,
        fields=(
            Field("name", "姓名", "须经校友本人同意公开", required=True),
            _class_year(required=True),
            _college(required=True),
            Field("consent", "本人同意公开", "确认校友本人同意公开姓名后打开", kind="boolean", default=False),
        ),
    ),
    Field("industry", "行业", "", kind="select", required=True, choices="industries"),
    Field("city", "城市", "企业所在的地级市", kind="select", required=True, choices="cities"),
    Field(
        "website",
        "企业网站",
        "例如 https://www.example.com/",
        pattern=(WEB_PATTERN, "网址必须以 https:// 或 http:// 开头"),
    ),
    _image("logo", "企业标志", "images/enterprises", "网站会去除图片信息并压缩"),
    _alt("logo_alt", "标志说明"),
    Field("summary", "主营业务", "一两句话介绍产品或服务", kind="text", required=True),
    Field(
        "cooperation",
        "与学校的合作",
        "合作类型和说明；捐赠要写捐赠项目",
        kind="objects",
        fields=(
            Field("type", "合作类型", "", kind="select", required=True, choices="cooperation_types"),
            Field("text", "说明", "例如 接收学生实习", required=True),
            Field("project", "捐赠项目", "合作类型为捐赠时填写", kind="select", choices="projects"),
        ),
    ),
    _status("写完并经校友确认后改为“发布”"),
)

JOB_FIELDS = (
    _id("岗位编号", "岗位名称的拼音加年份，例如 ruan-jian-gong-cheng-shi-2026；文件名和网址都用它"),
    Field("enterprise", "企业", "发布岗位的校友企业", kind="select", required=True, choices="enterprises"),
    Field("title", "岗位名称", "例如 软件工程师", required=True),
    Field("city", "工作城市", "不填则为企业所在城市", kind="select", choices="cities"),
    Field("positions", "招聘人数", "", kind="number", required=True, minimum=1),
    Field("requirements", "任职要求", "每项一条，例如 本科及以上学历", kind="strings"),
    Field(
        "apply_url",
        "招聘网址",
        "企业招聘网址，必须以 https:// 或 http:// 开头",
        pattern=(WEB_PATTERN, "网址必须以 https:// 或 http:// 开头"),
    ),
    Field(
        "apply_email", "招聘邮箱", "企业人事部门的公共邮箱（不能写个人邮箱或手机号）；与招聘网址至少填一项"
    ),
    Field("published", "发布日期", "", kind="date", required=True),
    Field("expires", "截止日期", "过期后自动从列表撤下，页面保留并显示“已截止”", kind="date", required=True),
    _status("核实后改为“发布”"),
)

MEMORY_FIELDS = (
    Field("title", "标题", "回忆的标题，例如 八十年代的图书馆", required=True),
    Field(
        "decade",
        "年代",
        "年代的第一年，例如 1980 表示八十年代",
        kind="number",
        required=True,
        minimum=YEAR_MIN,
        maximum=YEAR_MAX,
    ),
    _college(),
    Field("author", "作者", "校友姓名，须经本人同意公开", required=True),
    _class_year(),
    Field("consent", "作者同意公开", "确认作者同意公开姓名后打开", kind="boolean", default=False),
    Field(
        "photos",
        "老照片",
        "每张照片写说明；网站会去除拍摄地点等信息并压缩",
        kind="objects",
        fields=(
            Field("src", "照片", "上传照片", kind="image", required=True, folder="images/memories"),
            Field("alt", "照片说明", "一句话说明照片内容，例如 1986 年的图书馆阅览室", required=True),
            Field("year", "拍摄年份", "例如 1986", kind="number", minimum=1900, maximum=YEAR_MAX),
        ),
    ),
    Field("summary", "摘要", "一两句话；不填则自动取正文第一段", kind="text"),
    _slug(),
    _status(),
)

PAGE_FIELDS = (
    Field("title", "标题", "页面标题，例如 校友会简介", required=True),
    _slug(
        "英文或拼音网址名，例如 introduction（网址为 /about/introduction/，发布后不要再改）", required=True
    ),
    Field("summary", "摘要", "一两句话", kind="text"),
    Field("order", "顺序", "在“关于”菜单中的顺序，0 或正整数", kind="number", minimum=0),
    Field("layout", "页面类型", "一般页面选“普通页面”", kind="select", choices="layouts", default="page"),
    _status(),
)

CONTENT_TYPES = (
    ContentType(
        "news", "校友新闻", "新闻", "news", NEWS_FIELDS, "slug", subfolder_by_year=True,
        body_hint="段落之间空一行；插图用工具栏的图片按钮", media_folder="images/news",
    ),
    ContentType(
        "achievements", "校友风采", "校友风采", "achievements", ACHIEVEMENT_FIELDS, "slug",
        body_hint="介绍校友的事迹；不要写手机号、住址等个人信息", media_folder="images/alumni",
    ),
    ContentType(
        "colleges", "学院专栏", "学院", "colleges", COLLEGE_FIELDS, "id", summary="{{name}}",
        body_label="学院简介", media_folder="images/colleges",
    ),
    ContentType(
        "projects", "捐赠项目", "捐赠项目", "donors/projects", PROJECT_FIELDS, "id", summary="{{name}}",
        body_label="项目介绍", media_folder="images/donate",
    ),
    ContentType(
        "enterprises", "校友企业", "企业", "enterprises", ENTERPRISE_FIELDS, "id", summary="{{name}}",
        body_label="企业介绍", body_hint="发展历程、产品与服务；不要写个人手机号或个人邮箱",
        media_folder="images/enterprises",
    ),
    ContentType(
        "jobs", "招聘", "岗位", "jobs", JOB_FIELDS, "id", body_label="岗位职责",
        body_hint="岗位职责、待遇和工作地点", media_folder="images/enterprises",
    ),
    ContentType(
        "memories", "校友回忆", "回忆", "memories", MEMORY_FIELDS, "slug", media_folder="images/memories",
    ),
    ContentType(
        "pages", "关于（常设页面）", "页面", "pages", PAGE_FIELDS, "slug", media_folder="images/pages",
    ),
)  # fmt: skip


@dataclass(frozen=True)
class DataType:
    """A YAML data file whose top level is a list of records (or a folder of such files).

    Decap cannot edit a top-level list (decap-cms issue #531, open): the web editor
    reads such a file through our list format (``plugins/cms/list-format.js``), which
    shows the list as one field ``items`` and writes it back as the same top-level
    list, so the files editors already have, the guide's examples and the loader's
    ``path:line`` errors stay exactly as they are.
    """

    name: str
    label: str  # the file's (or folder's) name in the editor
    item_label: str  # one record
    fields: tuple[Field, ...]
    summary: str  # one record's line in the folded list, e.g. "{{fields.name}}"
    setting: str  # where the path comes from: "<section>.<setting>" of the site's configuration
    folder: bool = False  # a folder of files (gifts: one file per year), else one file


GIFT_FIELDS = (
    Field("donor", "捐赠人", "姓名或单位名称；不要写电话、地址等联系方式", required=True),
    Field("donor_type", "捐赠人类型", "", kind="select", required=True, choices="donor_types"),
    Field("class_year", "届别", "只有校友才填写", kind="number", minimum=YEAR_MIN, maximum=YEAR_MAX),
    _college(hint="只有校友才填写"),
    Field("project", "捐赠项目", "", kind="select", required=True, choices="projects"),
    Field("kind", "捐赠方式", "资金、实物或服务", kind="select", required=True, choices="gift_kinds"),
    Field("amount", "金额（元）", "资金捐赠必填", kind="decimal", minimum=0),
    Field(
        "valuation",
        "估值（元）",
        "实物或服务的评估价值，可不填；公开金额时计入项目总额",
        kind="decimal",
        minimum=0,
    ),
    Field("item", "捐赠物品或服务", "实物或服务捐赠必填，例如 图书 500 册"),
    Field("date", "捐赠日期", "", kind="date", required=True),
    Field(
        "anonymous",
        "匿名",
        "打开后网站上一律显示为“匿名校友/匿名单位”；匿名捐赠不能写捐赠故事",
        kind="boolean",
    ),
    Field(
        "show_amount", "公开金额", "打开后公开这笔金额（显示在名单里并计入总额）；默认不公开", kind="boolean"
    ),
    Field("story", "捐赠故事", "可不填", kind="text"),
    Field("note", "备注", "内部备注，不在网站显示", kind="text"),
    Field(
        "photo",
        "实物照片",
        "只有实物捐赠才填；网站会去除拍摄地点等信息并压缩",
        kind="image",
        folder="images/gifts",
    ),
    _alt("photo_alt", "照片说明"),
    Field("location_on_campus", "陈列地点", "只有实物捐赠才填，例如 校史馆二楼"),
    Field("certificate", "捐赠证书编号", "只有实物捐赠才填，可不填"),
)
GRADUATE_COUNT_FIELDS = (
    _class_year(required=True),
    _college(),
    Field("count", "毕业生人数", "只填人数，不填个人信息", kind="number", required=True, minimum=1),
)
ASSOCIATION_FIELDS = (
    Field(
        "id",
        "编号",
        "小写英文或拼音，例如 jinan；发布后不要再改",
        required=True,
        pattern=(ID_PATTERN, ID_MESSAGE),
    ),
    Field("name", "名称", "例如 潍坊学院济南校友会", required=True),
    Field("type", "类型", "", kind="select", required=True, choices="association_types"),
    _college(hint="学院校友会必填"),
    Field("province", "省份", "地区校友会填写省份全称，例如 山东省"),
    Field("city", "城市", "地区校友会填写地级市全称，例如 济南市"),
    Field("country", "国家或地区", "海外校友会填写，例如 新加坡"),
    Field("industry", "行业", "行业校友会必填"),
    Field("founded", "成立日期", "", kind="date"),
    Field("status", "状态", "不填即正常运行", kind="select", choices="association_statuses"),
    Field(
        "filing",
        "备案",
        "在校友总会的备案日期和编号",
        kind="object",
        fields=(
            Field("date", "备案日期", "", kind="date", required=True),
            Field("number", "备案编号", "例如 WFUXY-2016-01", required=True),
        ),
    ),
    Field(
        "officers",
        "负责人",
        "只写公开职务和姓名",
        kind="objects",
        fields=(Field("role", "职务", "例如 会长", required=True), Field("name", "姓名", "", required=True)),
    ),
    Field("contact", "联系方式", "只写办公电话或公共邮箱，不要写手机号或个人邮箱"),
    Field("charter", "章程链接", "以 https:// 开头，或本站路径（以 / 开头）"),
    Field("description", "简介", "", kind="text"),
)
HONOUR_FIELDS = (
    Field(
        "year",
        "年份",
        "四位年份，例如 2025",
        kind="number",
        required=True,
        minimum=YEAR_MIN,
        maximum=YEAR_MAX,
    ),
    Field("award", "奖项", "", kind="select", required=True, choices="awards"),
    Field("recipient", "获奖者", "校友会、集体名称或姓名", required=True),
    Field("association", "校友会", "获奖的校友会（可不填）", kind="select", choices="associations"),
    _college(hint="获奖者所属学院（可不填）"),
    Field(
        "achievement",
        "校友风采",
        "获奖校友在“校友风采”中的介绍（可不填）",
        kind="select",
        choices="achievements",
    ),
    Field("citation", "颁奖词", "可不填", kind="text"),
)

MILESTONE_PATTERN = r"^\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?$"
MILESTONE_FIELDS = (
    Field(
        "date",
        "日期",
        "写 1951、1951-09 或 1951-09-01（只知道年份就只写年份）",
        required=True,
        pattern=(MILESTONE_PATTERN, "写成 1951、1951-09 或 1951-09-01"),
    ),
    Field("title", "标题", "发生了什么，例如 潍坊学院校友会成立", required=True),
    Field("text", "说明", "可不填", kind="text"),
)

DATA_TYPES = (
    DataType("gifts", "捐赠记录", "捐赠", GIFT_FIELDS, "{{fields.date}} {{fields.donor}}",
             "donations.gifts_folder", folder=True),
    DataType("associations", "校友会名录", "校友会", ASSOCIATION_FIELDS, "{{fields.name}}",
             "associations.associations_file"),
    DataType("honours", "荣誉榜", "荣誉", HONOUR_FIELDS, "{{fields.year}} {{fields.award}} {{fields.recipient}}",
             "associations.honours_file"),
    DataType("graduates", "毕业生人数", "一届一院", GRADUATE_COUNT_FIELDS,
             "{{fields.class_year}} {{fields.college}} {{fields.count}}", "donations.graduates_file"),
    DataType("milestones", "大事记", "大事", MILESTONE_FIELDS, "{{fields.date}} {{fields.title}}",
             "about.milestones_file"),
)  # fmt: skip


def content_type(name: str) -> ContentType:
    return next(t for t in CONTENT_TYPES if t.name == name)
