"""The build context: what one build shares with its readers and generators, as one frozen object.

Why not the settings: Pelican copies its settings into every generator's
context and hands them to every reader, so live objects put there (the graph,
the incremental output's memo) used to travel as ``SITE_GRAPH`` and
``OUTPUT_MEMO``.  Settings are configuration: the incremental output keys
pages on them (so every live object had to be listed as "volatile"), they are
compared and printed, and a plugin that writes into them changes them for
every later build of the same process.  So the settings stay plain data, and
the live objects travel in one value made for one build:

* ``wfu.build`` loads and checks the graph, opens the memo and hands the
  context to its ``Pelican`` object (:func:`plugins.site.adapter.hand_over`);
  a plain ``pelican`` run loads the graph when it starts (``get_generators``);
* generators find it as ``context["build"]`` (:data:`KEY`, put there by the
  first step of the run, before any generator reads), ``finalized`` receivers
  on the ``Pelican`` object;
* the ``.md`` readers are bound to it before the first file is read
  (:func:`plugins.site.adapter.bind_readers`).

Nothing of it lives in module state: two builds in one process (tests,
``invoke serve``) each see their own, and the forked output process
(:mod:`plugins.site.parallel`) inherits its parent's.  Pure: no Pelican.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # types only: the graph and the memo do not need this module
    from .graph import Site
    from .incremental import OutputMemo

KEY = "build"  # context["build"]: the one context key that carries it
VIEWS = "views"  # context["views"]: everything templates read of our sections, as views.<name>


@dataclass(frozen=True)
class BuildContext:
    """One build's shared objects: the checked graph, the day it is judged against, the output memo."""

    site: Site
    today: date  # the one clock of the build (plugins.common.dates.clock_today when it started)
    memo: OutputMemo | None = None  # incremental output (None: every page is rendered)

    @staticmethod
    def of(context: Mapping[str, Any]) -> BuildContext:
        """The build context of a generator's ``context``; a clear error outside a build."""
        build = context.get(KEY)
        if not isinstance(build, BuildContext):
            raise LookupError(f'context["{KEY}"] is not set: this runs only inside a build of plugins.site')
        return build


def publish_view(context: MutableMapping[str, Any], name: str, view: Any) -> None:
    """Publish ``view`` as ``views.<name>``: the one place any adapter adds what templates read.

    Why one namespace: templates, the API and the incremental output's keys
    find every view under ``views`` (a registered section's by its name; the
    news index and portal, made when Pelican has read the articles, and the
    site identity by theirs), never under a flat context key that another
    plugin could overwrite.  Two publishers of one name is a bug, refused here.
    """
    views = context[VIEWS]  # made with the run's generators (plugins.site.adapter.sharing)
    if name in views:
        raise RuntimeError(f"views.{name} is published twice in one build")
    views[name] = view
