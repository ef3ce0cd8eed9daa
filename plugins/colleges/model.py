"""College alumni columns (学院校友工作专栏): schema, validation and ids.

One Markdown file per college, ``content/colleges/<id>.md``.  The college
list is the single source of college ids for every other section, so the
id is the file name and must be a stable ASCII word.  Pure Python: no
Pelican import.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from plugins.common.contacts import email_problem, phone_problem
from plugins.common.errors import ContentError, ContentErrors
from plugins.common.fields import FieldChecker, file_id
from plugins.common.fields import duplicate_errors as duplicate_errors_of
from plugins.common.files import parse_section_files
from plugins.common.frontmatter import split_front_matter
from plugins.common.images import ImageSizes
from plugins.common.registries import NO_REGISTRIES, Registries
from plugins.common.yamlio import LineDict

from .settings import CollegesConfig

FIELDS = ("name", "short_name", "id", "order", "liaison", "association", "logo", "website", "status")
LIAISON_FIELDS = ("title", "phone", "email")
DEFAULT_ORDER = 999


@dataclass(frozen=True)
class Liaison:
    """The college's alumni-work office: public office contacts only."""

    title: str
    phone: str | None
    email: str | None


@dataclass(frozen=True)
class College:
    id: str
    name: str
    short_name: str
    order: int
    liaison: Liaison | None
    association: str | None
    logo: str | None  # relative to the content folder
    website: str | None
    body: str
    body_line: int
    path: str  # as shown to editors
    source_path: str
    status: str = "published"  # a draft college (invoke new college) has no page and no id yet


def parse_college(
    text: str,
    path: str,
    source_path: str,
    content_root: str,
    registries: Registries = NO_REGISTRIES,
    sizes: ImageSizes | None = None,
) -> College:
    """Parse and validate one college file; :class:`ContentErrors` with every problem."""
    front = split_front_matter(text, path)
    raw = front.meta
    check = FieldChecker(raw, path, FIELDS)
    college_id = file_id(check, source_path, "学院", "cs.md")
    check.required("name", "缺少学院名称：请写 name: 计算机工程学院")
    name = check.text("name")
    short_name = check.text("short_name") or name
    order = raw.get("order", DEFAULT_ORDER)
    if isinstance(order, bool) or not isinstance(order, int) or order < 0:
        check.error("invalid-order", "order", "order 是学院在列表中的顺序，请填写 0 或正整数，例如 order: 3")
        order = DEFAULT_ORDER
    liaison = _liaison(raw, check)
    association = check.identifier("association", "校友会", registries.associations)
    logo = check.image("logo", source_path, content_root, sizes)
    website = check.text("website")
    if website and not website.startswith(("https://", "http://")):
        check.error(
            "invalid-website", "website", f"网址“{website}”应以 https:// 开头，例如 https://jsj.wfu.edu.cn/"
        )
    check.body(front.body, front.body_line, source_path, content_root, sizes)
    status = check.status()
    if check.errors or not name:
        raise ContentErrors(check.errors)
    return College(
        id=college_id,
        name=name,
        short_name=short_name or name,
        order=order,
        liaison=liaison,
        association=association,
        logo=logo,
        website=website,
        body=front.body,
        body_line=front.body_line,
        path=path,
        source_path=source_path,
        status=status,
    )


def _liaison(raw: LineDict, check: FieldChecker) -> Liaison | None:
    value = raw.get("liaison")
    if value is None:
        return None
    if not isinstance(value, LineDict):
        check.error(
            "invalid-liaison",
            "liaison",
            "liaison 应当分行写出 title（办公室名称）、phone（办公电话）、email（公共邮箱），每行前空两格",
        )
        return None
    inner = FieldChecker(value, check.path, LIAISON_FIELDS)
    title = inner.text("title")
    if not title:
        inner.error(
            "invalid-liaison", "title", "liaison 缺少 title：请写联络办公室名称，例如 计算机工程学院办公室"
        )
    phone, email = inner.text("phone"), inner.text("email")
    for field, problem in (
        ("phone", phone and phone_problem(phone)),
        ("email", email and email_problem(email)),
    ):
        if problem:
            inner.error(problem[0], field, problem[1])
    check.errors += inner.errors
    return Liaison(title, phone, email) if title and not inner.errors else None


def load_colleges(
    content_root: str,
    config: CollegesConfig,
    registries: Registries = NO_REGISTRIES,
    sizes: ImageSizes | None = None,
) -> tuple[list[College], list[ContentError]]:
    """Every valid college (sorted by order, then id) and every error."""
    colleges, errors = parse_section_files(
        content_root,
        config.folder,
        lambda text, path, source_path: parse_college(
            text, path, source_path, content_root, registries, sizes
        ),
    )
    errors.extend(duplicate_errors(colleges))
    colleges.sort(key=lambda c: (c.order, c.id))
    return colleges, errors


def duplicate_errors(colleges: Iterable[College]) -> list[ContentError]:
    """Two files with one id (in different folders) or one name."""
    colleges = list(colleges)
    return duplicate_errors_of(
        colleges, "id", "duplicate-id", "学院编号“{value}”与 {others} 重复：每个学院只能有一个文件"
    ) + duplicate_errors_of(
        colleges, "name", "duplicate-name", "学院名称“{value}”与 {others} 重复：每个学院只能有一个文件"
    )
