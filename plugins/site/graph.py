"""The content graph: every section's validated items, joined by id.

Frozen dataclasses only, built once by :func:`plugins.site.loader.load_site`.
References run one way as ids (a news article names its ``college``) and the
other way as objects (a college node holds its news articles), so the graph
has no cycles and nothing in it changes after loading.  Pure: no Pelican.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from plugins.achievements.model import Achievement
from plugins.alumni_home.model import Memory
from plugins.associations.divisions import Divisions
from plugins.associations.model import Association, Honour
from plugins.colleges.model import College
from plugins.common.limits import Limits
from plugins.common.privacy import PrivacyPolicy
from plugins.common.sanitize import SanitizeConfig
from plugins.common.section import Loaded, PageSpec, Routes, Section
from plugins.donations.model import Gift, GraduateCount, Project
from plugins.donations.section import Donations, ProjectNode
from plugins.enterprises.model import Enterprise, Job
from plugins.identity.settings import IdentityConfig
from plugins.news.model import NewsArticle, article_keys
from plugins.news.settings import NewsConfig
from plugins.urls.model import Redirect

from .figures import SectionFigures, section_figures

T = TypeVar("T")


@dataclass(frozen=True)
class SiteConfig:
    """Every section's setting, merged over its defaults and validated once."""

    content_root: str
    api: Any  # plugins.api.settings.ApiConfig
    urls: Mapping[str, str]  # every <NAME>_URL pattern the graph fills in
    identity: IdentityConfig  # SITE_IDENTITY: name, emblem, colours, hero image
    staging: bool = False  # a publish with SITE_STAGING=1: noindex and a 测试版 banner
    privacy: PrivacyPolicy = field(default_factory=PrivacyPolicy)  # PRIVACY
    limits: Limits = field(default_factory=Limits)  # LIMITS
    sanitize: SanitizeConfig = field(default_factory=SanitizeConfig)  # SANITIZE
    publish: bool = False  # PUBLISH (publishconf.py): the publish guard runs; unsafe HTML is an error
    # The registered sections (plugins/site/sections.py) in dependency order, their configs by
    # name and the address patterns of their pages.
    registered: tuple[Section, ...] = ()
    sections: Mapping[str, Any] = field(default_factory=dict)
    routes: Routes = field(default_factory=lambda: Routes({}))

    @property
    def news(self) -> NewsConfig | None:
        """``NEWS``, the news section's config (the web editor's categories, the preview's early page).

        ``None`` for a site whose ``SECTIONS`` leaves news out: its readers say what
        they do without one (no categories; no early page), never a ``KeyError``.
        """
        config: NewsConfig | None = self.sections.get("news")
        return config


@dataclass(frozen=True)
class CollegeNode:
    """A college with everything other sections say about it."""

    college: College
    url: str
    news: tuple[NewsArticle, ...] = ()  # published, newest first
    achievements: tuple[Achievement, ...] = ()  # published, in display order
    associations: tuple[Association, ...] = ()
    projects: tuple[Project, ...] = ()
    honours: tuple[Honour, ...] = ()

    @property
    def id(self) -> str:
        return self.college.id

    @property
    def name(self) -> str:
        return self.college.name


@dataclass(frozen=True)
class AssociationNode:
    """An association with its news and honours."""

    association: Association
    url: str
    news: tuple[NewsArticle, ...] = ()
    honours: tuple[Honour, ...] = ()

    @property
    def id(self) -> str:
        return self.association.id


@dataclass(frozen=True)
class Site:
    """The whole site's content, validated and joined."""

    config: SiteConfig
    divisions: Divisions
    news: tuple[NewsArticle, ...]  # every news file that validated, drafts included, newest first
    colleges: Mapping[str, CollegeNode]  # in display order
    # The associations section's items (in file order), joined with their news and honours.
    associations: Mapping[str, AssociationNode]
    honours: tuple[Honour, ...]
    redirects: Mapping[str, Redirect]
    pages: Mapping[str, str] = field(default_factory=dict)  # content-relative source path -> URL
    sections: Mapping[str, Loaded] = field(default_factory=dict)  # each registered section's result
    section_pages: tuple[tuple[str, PageSpec], ...] = ()  # (section name, page), in dependency order

    images: tuple[str, ...] = ()  # content-relative paths of the images published pages use
    # What is left to do in drafts (status: draft): shown, never fatal (plugins.site.loader step 12).
    warnings: tuple = ()
    draft_sources: frozenset = frozenset()  # absolute paths of every draft file, valid or not
    # The ids news front matter was checked against (the preview's early page checks one article again).
    news_registries: Any = None

    @property
    def projects(self) -> Mapping[str, ProjectNode]:
        """Donation projects (in display order) with their gifts, stories and progress."""
        return self._donations.projects

    @property
    def gifts(self) -> tuple[Gift, ...]:
        return self._donations.gifts

    @property
    def graduates(self) -> tuple[GraduateCount, ...]:
        return self._donations.graduates

    @property
    def memories(self) -> tuple[Memory, ...]:
        """Published 校友回忆 (校友之家), by decade, then slug."""
        loaded = self.sections.get("alumni_home")
        return loaded.items.memories if loaded is not None else ()

    @property
    def achievements(self) -> Mapping[str, Achievement]:
        """Published 校友风采 profiles by slug, in display order."""
        loaded = self.sections.get("achievements")
        return loaded.items.profiles if loaded is not None else {}

    @property
    def enterprises(self) -> Mapping[str, Enterprise]:
        """Published alumni enterprises, by id."""
        loaded = self.sections.get("enterprises")
        return loaded.items.enterprises if loaded is not None else {}

    @property
    def jobs(self) -> tuple[Job, ...]:
        """Posts of published enterprises, newest first (an expired post keeps its page)."""
        loaded = self.sections.get("enterprises")
        return loaded.items.jobs if loaded is not None else ()

    @property
    def _donations(self) -> Donations:
        loaded = self.sections.get("donations")
        return loaded.items if loaded is not None else Donations({}, (), ())

    def article(self, source_path: str) -> NewsArticle | None:
        """The news article read from ``source_path`` (absolute), if it validated."""
        return self._news_by_path.get(source_path)

    @property
    def published_news(self) -> tuple[NewsArticle, ...]:
        return tuple(a for a in self.news if a.published)

    @property
    def withdrawn_news(self) -> tuple[NewsArticle, ...]:
        return tuple(a for a in self.news if a.withdrawn)

    @property
    def figures(self) -> SectionFigures:
        """The counts several pages show (:mod:`plugins.site.figures`): one source for each figure."""
        return _memo(self, "figures", self._section_figures)

    def _section_figures(self) -> SectionFigures:
        config = self.config.sections.get("associations")
        return section_figures(
            [node.association for node in self.associations.values()],
            config.home_province if config else "",  # no associations section: no province to cover
            self.divisions,
            [node.project for node in self.projects.values()],
            list(self.gifts),
            list(self.graduates),
            list(self.colleges),
        )

    def news_by_key(self, key: str) -> NewsArticle | None:
        """A published article by ``YYYY/slug`` or by ``slug`` (newest wins a shared slug)."""
        return self._news_by_key.get(key)

    @property
    def _news_by_path(self) -> Mapping[str, NewsArticle]:
        return _memo(self, "by_path", lambda: {a.source_path: a for a in self.news})

    @property
    def _news_by_key(self) -> Mapping[str, NewsArticle]:
        return _memo(self, "by_key", lambda: article_keys(self.published_news))


def _memo(site: Site, name: str, build: Callable[[], T]) -> T:
    """Derived lookups of a frozen :class:`Site`, computed once on first use."""
    cache = site.__dict__.setdefault("_derived", {})
    if name not in cache:
        cache[name] = build()
    return cache[name]
