"""The build's writer: an unchanged article page or news list is copied from the last release.

Why a ``Writer``: every generator writes through the one writer Pelican gets
from its ``get_writer`` signal (``writer.write_file(name, template, context,
…)``), so the write-or-copy decision sits at the one place all pages pass,
without wrapping the articles generator's own steps.  The keys are computed
before the output starts (:func:`plugins.site.incremental.plan_reuse`, on
``all_generators_finalized``, into the build's memo); the writer only reads
them:

* a page rendered from the articles generator's templates with an ``article``
  is copied when its key holds (:meth:`OutputMemo.reuse`), else rendered
  while :class:`BodyReads` watches it;
* a news list (:class:`ListKeys` gives it a key) is copied or rendered with
  all its pages together (``reuse_group``/``record_group``);
* everything else (other generators' pages, author lists, drafts: no key) is
  rendered as Pelican renders it.

A copied file is announced with ``content_written`` as ``Writer.write_file``
announces a written one (the sitemap lists pages from it, the forked output
process replays it in the parent): an article page with the local context
Pelican would have given it; each file of a copied list with the list's
local context (its name, without the paginator's values, which no listener
reads).  In verify mode (``WFU_VERIFY_REUSE=1``) whatever would be copied is
rendered and compared with the copy (``[reuse-mismatch]``).

The forked output process (:mod:`plugins.site.parallel`) writes with the
writer Pelican handed to the articles generator: this one, memo included.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable

from pelican import signals
from pelican.utils import get_relative_path, path_to_url
from pelican.writers import Writer

from .buildcontext import BuildContext
from .incremental import OutputMemo, ReusePlan, reuse_mismatch


def writer_for(build: BuildContext) -> type[Writer] | None:
    """The writer class of one build (``get_writer``); None (Pelican's own) without a memo."""
    if build.memo is None:
        return None
    return type("ReusingWriter", (ReusingWriter,), {"memo": build.memo})


def local_context(context: dict, name: str, kwargs: dict, relative_urls: bool) -> dict:
    """The context ``Writer.write_file`` renders ``name`` with and sends in ``content_written``."""
    local = context.copy()
    local["localsiteurl"] = local.get("localsiteurl", None)
    if relative_urls:
        relative_url = path_to_url(get_relative_path(name))
        local["SITEURL"] = relative_url
        local["localsiteurl"] = relative_url
    local["output_file"] = name
    local.update(kwargs)
    return local


class ReusingWriter(Writer):
    """Pelican's writer, copying the pages whose key the memo holds (see the module docstring)."""

    memo: OutputMemo | None = None  # set per build by writer_for

    def write_file(
        self,
        name,
        template,
        context,
        relative_urls=False,
        paginated=None,
        template_name=None,
        override_output=False,
        url=None,
        **kwargs,
    ):
        write = super().write_file

        def render() -> None:
            write(
                name,
                template,
                context,
                relative_urls,
                paginated,
                template_name,
                override_output,
                url,
                **kwargs,
            )

        plan = self.memo.writing if self.memo is not None else None
        if plan is None or not name or getattr(template, "environment", None) is not plan.env:
            render()
            return
        own = kwargs.get("article")
        if own is not None:
            self._article_page(plan, name, own, context, kwargs, relative_urls, render)
            return
        # What the articles generator passed, as ListKeys has always seen it.
        given = dict(kwargs, relative_urls=relative_urls, template_name=template_name, url=url)
        if paginated is not None:
            given["paginated"] = paginated
        if override_output:
            given["override_output"] = override_output
        key = plan.lists.key(name, given)
        if key is None:  # not a news list: always rendered
            render()
            return
        self._news_list(plan, name, key, context, kwargs, relative_urls, render)

    def _article_page(self, plan: ReusePlan, name: str, own, context, kwargs, relative_urls, render) -> None:
        memo = self.memo
        assert memo is not None

        def watched() -> None:
            if plan.reads.render(own, render):
                memo.never_reuse(name)

        if plan.verify and memo.page_unchanged(name):
            self._verified(lambda: [name], watched)
            return
        if memo.reuse(name, self.output_path):
            local = local_context(context, name, kwargs, relative_urls)
            if local["localsiteurl"]:  # as Writer.write_file leaves it for the next pages
                context["localsiteurl"] = local["localsiteurl"]
            signals.content_written.send(os.path.join(self.output_path, name), context=local)
            return
        watched()

    def _news_list(
        self, plan: ReusePlan, name: str, key: str, context, kwargs, relative_urls, render
    ) -> None:
        memo = self.memo
        assert memo is not None
        output_path = self.output_path
        files: list[str] = []

        def note(path, context=None, **_) -> None:
            files.append(os.path.relpath(path, output_path).replace(os.sep, "/"))

        def render_list() -> None:
            signals.content_written.connect(note)
            try:
                if plan.reads.render(None, render):
                    memo.never_reuse(name)
            finally:
                signals.content_written.disconnect(note)
            memo.record_group(name, key, files)

        before = memo.previous_groups.get(name)
        if plan.verify and isinstance(before, dict) and before.get("key") == key and memo.previous_release:
            # Every file of either build: one only the copy or only the render has differs too.
            self._verified(lambda: set(files) | set(before.get("files") or ()), render_list)
            return
        copied = memo.reuse_group(name, key, output_path)
        if copied is None:
            render_list()
            return
        for relative in copied:
            local = local_context(context, relative, kwargs, relative_urls)
            signals.content_written.send(os.path.join(output_path, relative), context=local)

    def _verified(self, names: Callable[[], Iterable[str]], render: Callable[[], None]) -> None:
        """Verify mode: render what would have been copied, then compare it with the copy."""
        memo = self.memo
        assert memo is not None
        render()
        mismatch = reuse_mismatch(names(), memo.previous_release, self.output_path)
        if mismatch is not None:
            raise mismatch
